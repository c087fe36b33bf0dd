#!/usr/bin/env bash
# The outcome store, files against PostgreSQL: record-outcome throughput with 1 and 8 concurrent writers (separate
# OS processes, each with its own store, started together; every append durable before the next) and routing-decision
# latency (the real routing service, each decision after another writer recorded one outcome, so it includes
# following the store). Prints JSON. The PostgreSQL half needs AGENT42_BENCH_DATABASE_URL (or AGENT42_DATABASE_URL):
# a server URL whose role may CREATE DATABASE; it runs in a scratch database dropped afterwards, and is skipped
# with a message without one.
# STORE_OUTCOMES (2000 per run, split across the writers), STORE_WRITERS (1,8).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/artifacts/bench"
dotnet build "$root/scripts/bench/Agent42.Bench/Agent42.Bench.csproj" -c Release -o "$out/bench" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2
dotnet "$out/bench/Agent42.Bench.dll" store "${STORE_OUTCOMES:-2000}" "${STORE_WRITERS:-1,8}"
