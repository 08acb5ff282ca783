#!/usr/bin/env bash
# Runs the whole benchmark suite and writes benchmarks/results/: jmh-<jdk>.json (JMH with -prof gc),
# scale.jsonl (the million-task scale test, one JVM per variant) and machine.txt. Then
#   java -cp benchmarks/target/benchmarks.jar dev.fanin.benchmarks.report.BenchmarkReport benchmarks/results docs
# writes docs/benchmarks.md and docs/benchmarks.png from them (see docs/benchmarks.md). Scale test
# variants the JDK cannot run are left out, and machine.txt says which.
#
# It runs on the Temurin JDK 25 beside the default JDK when there is one (with the jdk25 profile:
# Jox and StructuredTaskScope, which need newer JDKs), else on the default JDK.
# On JDK 21+ a second JMH pass runs the benchmarks whose caller blocks (VIRTUAL_CALLERS, a regex)
# again with JMH's own benchmark threads virtual (-Djmh.executor=VIRTUAL), so that each blocking call
# is measured from a platform and from a virtual thread; the report reads the kind from each
# result's JVM options. The channel and select benchmarks choose their threads' kind themselves
# (the threadKind parameter) and are not in that pass.
# Environment: JMH_ARGS is appended to both passes' command lines (e.g. "-f 1 -wi 1 -i 2 -r 500ms"
# for a quick look; a benchmark regex there adds to, not narrows, the second pass's);
# VIRTUAL_CALLERS=none skips the second pass; SCALE_TASKS sets the scale test's task count
# (1000000); BENCH_JDK=default runs on the default JDK even when JDK 25 is there.
# Full run: about 50 minutes on 2 cores. Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."

out=benchmarks/results
mkdir -p "$out"
rm -f "$out"/jmh-*.json "$out"/scale.jsonl "$out"/machine.txt

jdk25=$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1 || true)
if [ "${BENCH_JDK:-}" != "default" ] && [ -n "$jdk25" ] && [ -x "$jdk25/bin/java" ]; then
  export JAVA_HOME="$jdk25"
  java=("$jdk25/bin/java" --enable-preview)
  # The jdk25 build leaves release-25 classes in target/: start clean, as a JDK 17 build would after it.
  mvn -q -B -ntp -pl benchmarks clean
  mvn -q -B -ntp -pl benchmarks -am -Pjdk25 package -DskipTests
else
  java=(java)
  mvn -q -B -ntp -pl benchmarks -am clean package -DskipTests
fi
tag=$("${java[@]}" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')

{
  echo "Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) of memory, $(uname -sr)."
  echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), JMH options: defaults of each class ${JMH_ARGS:+plus \`$JMH_ARGS\`}, with \`-prof gc\`."
  echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)."
} > "$out/machine.txt"

# shellcheck disable=SC2086 # JMH_ARGS is a list of options
"${java[@]}" -jar benchmarks/target/benchmarks.jar -prof gc -rf json -rff "$out/jmh-jdk$tag.json" ${JMH_ARGS:-}

blocking='\.(GatherJava|GatherTasks|Race|AsCompletedJava|TaskGroupJava|StructuredTaskScope|Hop|SelectLoop)Benchmark\.'
virtual_callers=${VIRTUAL_CALLERS:-$blocking}
if [ "$tag" -ge 21 ] && [ "$virtual_callers" != "none" ]; then
  # shellcheck disable=SC2086
  "${java[@]}" -jar benchmarks/target/benchmarks.jar -prof gc -rf json -rff "$out/jmh-jdk$tag.virtual-callers.json" \
    -jvmArgsAppend -Djmh.executor=VIRTUAL ${JMH_ARGS:-} "$virtual_callers"
fi

# The scale test, one JVM per variant (ScaleTest --variants lists them): the Fanin forms over sleeping
# Callables are compared with vt-invokeall from this same run. A variant this JDK cannot run (virtual
# threads; for sts, JDK 25's preview StructuredTaskScope) exits with status 2 and says why.
scale=("${java[@]}" -Xmx4g -cp benchmarks/target/benchmarks.jar dev.fanin.benchmarks.scale.ScaleTest)
variants=$("${scale[@]}" --variants)
skipped=()
for variant in $variants; do
  status=0
  "${scale[@]}" "$variant" "${SCALE_TASKS:-1000000}" >> "$out/scale.jsonl" || status=$?
  case $status in
    0) ;;
    2) skipped+=("$variant") ;;
    *) echo "scale test $variant failed" >&2 ;;
  esac
done
if [ ${#skipped[@]} -gt 0 ]; then
  echo "Scale test variants JDK $tag cannot run, not measured: ${skipped[*]}." | tee -a "$out/machine.txt" >&2
fi
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)." >> "$out/machine.txt"
echo "Wrote $out. Next: java -cp benchmarks/target/benchmarks.jar dev.fanin.benchmarks.report.BenchmarkReport $out docs"
