#!/usr/bin/env bash
# Routing simulation: Agent42's real router (RoutingService over the real outcome log, recorder, reranker, cooldowns and
# failover) against the plan's design and textbook Thompson sampling, on the same task stream and hidden draws, in the
# world families of issue 13 (specialists, late-arrival, degrading, near-equal, churn-rate-limited) and the first
# simulation's default world; per family: regret ratios, switch lags and the issue's targets with pass/fail. Then the
# router's micro figures (decision time, recording time, a 400-model rerank). JSON.
# SIM_TASKS (6000 per world), SIM_SEEDS (42,1,2,3,4,5,6,7: one world per family and seed, run in parallel),
# SIM_WORLDS (default,specialists,late-arrival,degrading,near-equal,churn-rate-limited), SIM_MICRO=0 skips the micro figures,
# SIM_MICRO=only prints them alone (on seed 42's default world, as the full run does).
# SIM_WORLDS=holdout runs the held-out worlds instead (Simulation/HoldoutWorlds.cs: never in the default run, so the
# router is not tuned on them); SIM_WORLDS=holdout-slow-drift,... picks some. SIM_WORLDS=variants runs the issue's five
# kinds again with other parameters (Simulation/VariantWorlds.cs: milder specialists, a smaller late gain, a smaller
# degradation, a degradation rolled back, sixty near-equal models, side signals that say nothing).
# SIM_CRN=1 seeds the router's draws per (seed, task) (Simulation/PerTaskRandom.cs): for comparing two builds, whose
# figures then differ only where their decisions do; the official figures are without it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/artifacts/bench"
dotnet build "$root/scripts/bench/Agent42.Bench/Agent42.Bench.csproj" -c Release -o "$out/bench" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2
if [[ "${SIM_MICRO:-1}" == only ]]; then
  exec dotnet "$out/bench/Agent42.Bench.dll" routing-micro "$root/tests/Agent42.Tests/Fixtures/openrouter/free-ids-by-day-2026.json"
fi
micro=()
if [[ "${SIM_MICRO:-1}" == 0 ]]; then micro=(--no-micro); fi
dotnet "$out/bench/Agent42.Bench.dll" routing-sim "$root/tests/Agent42.Tests/Fixtures/openrouter/free-ids-by-day-2026.json" "${SIM_TASKS:-6000}" "${SIM_SEEDS:-42,1,2,3,4,5,6,7}" \
  "--worlds=${SIM_WORLDS:-default,specialists,late-arrival,degrading,near-equal,churn-rate-limited}" "${micro[@]}"
