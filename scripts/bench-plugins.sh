#!/usr/bin/env bash
# Plugin benchmarks: edit-to-live latency under `agent42 watch`, start-up with 50 plugins (cold, warm, empty),
# and 1,000 edit cycles in one process (heap growth, old load contexts collected). Prints JSON figures.
# Figures are measured, not asserted: compare them with the targets printed beside them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/artifacts/bench"
echo "building Agent42 (Release)..." >&2
dotnet publish "$root/src/Agent42/Agent42.csproj" -c Release -o "$out/agent42" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2
dotnet build "$root/scripts/bench/Agent42.Bench/Agent42.Bench.csproj" -c Release -o "$out/bench" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2

echo "measuring edit-to-live latency and start-up (about a minute)..." >&2
if [[ "${BENCH_ONLY:-}" != "cycles" ]]; then
  python3 "$root/scripts/bench_plugins.py" "$out/agent42/agent42.dll" "$out/bench/Agent42.Bench.dll"
fi
if [[ "${BENCH_ONLY:-}" == "" || "${BENCH_ONLY:-}" == "cycles" ]]; then
  echo "measuring 1,000 edit cycles in one process..." >&2
  dotnet "$out/bench/Agent42.Bench.dll" plugin-cycles "${BENCH_CYCLES:-1000}"
fi
