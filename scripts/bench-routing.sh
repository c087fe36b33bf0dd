#!/usr/bin/env bash
# Routing simulation: 10,000 tasks routed by Agent42's real router, evaluator and reranker, and by the plan's
# baseline, over models whose availability follows the real daily free-id history, with hidden per-type success
# rates and rate-limit bursts. Prints average reward, cumulative regret against an oracle, tasks to settle on the
# best model, and the router's micro figures (decision time, recording time, a 400-model rerank). JSON.
# SIM_TASKS (10000), SIM_SEEDS (42,1,2,3,4,5,6,7: one world per seed, run in parallel), SIM_MICRO=0 skips the micro figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/artifacts/bench"
dotnet build "$root/scripts/bench/Agent42.Bench/Agent42.Bench.csproj" -c Release -o "$out/bench" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2
micro=()
if [[ "${SIM_MICRO:-1}" == 0 ]]; then micro=(--no-micro); fi
dotnet "$out/bench/Agent42.Bench.dll" routing-sim "$root/tests/Agent42.Tests/Fixtures/openrouter/free-ids-by-day-2026.json" "${SIM_TASKS:-10000}" "${SIM_SEEDS:-42,1,2,3,4,5,6,7}" "${micro[@]}"
