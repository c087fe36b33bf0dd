#!/usr/bin/env bash
# The task-type classifier: accuracy on the labelled sets (tests/Agent42.Tests/Fixtures/classification), the time of
# one classification of an ordinary prompt (mean, p50, p99 over every labelled prompt, 200 rounds) and what it
# allocates, and the time of hostile 100 KB texts (one word, punctuation, 20,000 clauses, code fences, typos). JSON.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/artifacts/bench"
dotnet build "$root/scripts/bench/Agent42.Bench/Agent42.Bench.csproj" -c Release -o "$out/bench" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2
dotnet "$out/bench/Agent42.Bench.dll" classify "$root/tests/Agent42.Tests/Fixtures/classification"
