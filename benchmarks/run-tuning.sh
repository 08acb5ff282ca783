#!/usr/bin/env bash
# What each tuning constant buys (docs/benchmarks.md, "What each optimization buys"): each JMH row
# measured with the engine's default (internal/Tuning.kt) and with the optimization turned off by
# its system property, back to back on the same JVM build. Writes benchmarks/results/ab-*.json.
# Run after building the jar as benchmarks/run.sh does; about 25 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
out=benchmarks/results
mkdir -p "$out"
jdk25=$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1 || true)
if [ -n "$jdk25" ] && [ -x "$jdk25/bin/java" ]; then java=("$jdk25/bin/java" --enable-preview); else java=(java); fi
jar=benchmarks/target/benchmarks.jar
opts=(-f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc ${JMH_ARGS:-})

ab() { # name, benchmark regex, params, property=off-value
  local name=$1 regex=$2 params=$3 off=$4
  "${java[@]}" -jar "$jar" "${opts[@]}" $params -rf json -rff "$out/ab-$name-on.json" "$regex"
  "${java[@]}" -jar "$jar" "${opts[@]}" $params -jvmArgsAppend "-D$off" -rf json -rff "$out/ab-$name-off.json" "$regex"
}

ab platformWaitSpins 'ChannelJavaBenchmark.(rendezvousFanin|bufferedFanin)$' '-p threadKind=platform' fanin.platformWaitSpins=0
ab virtualRendezvousSpins 'ChannelJavaBenchmark.rendezvousFanin$' '-p threadKind=virtual' fanin.virtualRendezvousSpins=0
ab virtualSelectSpins 'SelectJavaBenchmark.(bufferedFanin|rendezvousFanin)$' '-p threadKind=virtual' fanin.virtualSelectSpins=0
ab platformSelectSpins 'SelectJavaBenchmark.(bufferedFanin|rendezvousFanin)$' '-p threadKind=platform' fanin.platformWaitSpins=0
