#!/usr/bin/env bash
# Runs a sample in a JVM of its own, on the classes the install command built: no Maven, no compile.
#   mvn -B -ntp install -Dmaven.test.skip=true     (once, from the repository root)
#   bash samples/run.sh tour                       (then as often as you like)
#   bash samples/run.sh fetch --settled
#   bash samples/run.sh tracker --help
# After a change to the library or the samples, run the install command again.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

usage() {
  cat <<'USAGE'
usage: bash samples/run.sh SAMPLE [OPTIONS]   (OPTIONS: the sample's own; --help lists them)
  tracker            dev.fanin.samples.tracker.ActivityTrackerApp, the activity tracker
  fetch              dev.fanin.samples.fetch.ParallelFetch
  workers            dev.fanin.samples.workers.QueueWorkers
  tour               dev.fanin.samples.tour.Tour
  kotlin-tour        dev.fanin.samples.tour.KotlinTour
  quickstart         dev.fanin.samples.quickstart.QuickStart
  kotlin-quickstart  dev.fanin.samples.quickstart.QuickStartKt
  or a main class's full name
USAGE
}

case "${1:-}" in
  tracker) main=dev.fanin.samples.tracker.ActivityTrackerApp ;;
  fetch) main=dev.fanin.samples.fetch.ParallelFetch ;;
  workers) main=dev.fanin.samples.workers.QueueWorkers ;;
  tour) main=dev.fanin.samples.tour.Tour ;;
  kotlin-tour) main=dev.fanin.samples.tour.KotlinTour ;;
  quickstart) main=dev.fanin.samples.quickstart.QuickStart ;;
  kotlin-quickstart) main=dev.fanin.samples.quickstart.QuickStartKt ;;
  -h|--help) usage; exit 0 ;;
  dev.fanin.samples.*) main=$1 ;;
  *) usage >&2; exit 2 ;;
esac
shift

classpath_file=$here/target/run.classpath
if [ ! -f "$classpath_file" ] || [ ! -d "$here/target/classes" ]; then
  echo "samples/run.sh: the samples are not built; run the install command first:" >&2
  echo "  mvn -B -ntp install -Dmaven.test.skip=true" >&2
  exit 1
fi
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$here/target/classes:$(cat "$classpath_file")" "$main" "$@"
