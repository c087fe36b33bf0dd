#!/usr/bin/env bash
# Catalog and loop benchmarks: parse and free-filter the real 371-model OpenRouter snapshot (warm), and the
# agent loop's overhead per iteration outside model and tool time. Prints JSON figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/artifacts/bench"
dotnet build "$root/scripts/bench/Agent42.Bench/Agent42.Bench.csproj" -c Release -o "$out/bench" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2
dotnet "$out/bench/Agent42.Bench.dll" catalog-parse
dotnet "$out/bench/Agent42.Bench.dll" loop-overhead
