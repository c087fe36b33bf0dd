#!/usr/bin/env bash
# Catalog benchmark: parse and free-filter the real 371-model OpenRouter snapshot, warm. Prints JSON figures.
# (The agent loop's per-iteration overhead, the issue's second figure, comes with the loop itself.)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/artifacts/bench"
dotnet build "$root/scripts/bench/Agent42.Bench/Agent42.Bench.csproj" -c Release -o "$out/bench" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2
dotnet "$out/bench/Agent42.Bench.dll" catalog-parse
