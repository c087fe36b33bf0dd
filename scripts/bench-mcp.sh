#!/usr/bin/env bash
# MCP hot-reload benchmark: from a tool file's write to the client receiving notifications/tools/list_changed, over
# `agent42 mcp serve` (stdio) with the official TypeScript SDK's client; N edits (BENCH_EDITS, default 40), each
# checked by calling the tool. Prints JSON: median, p90, max (ms) beside the target (median <= 60 ms).
# Measured, not asserted. BENCH_AGENT42_DLL=path/agent42.dll skips the Release publish.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/artifacts/bench"
dll="${BENCH_AGENT42_DLL:-}"
if [[ -z "$dll" ]]; then
  echo "building Agent42 (Release)..." >&2
  dotnet publish "$root/src/Agent42/Agent42.csproj" -c Release -o "$out/agent42" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2
  dll="$out/agent42/agent42.dll"
fi
if [[ ! -f "$root/tests/mcp-peers/node_modules/@modelcontextprotocol/sdk/package.json" ]]; then
  echo "installing the MCP peers (npm ci)..." >&2
  npm ci --prefix "$root/tests/mcp-peers" --no-audit --no-fund >&2
fi
echo "measuring write-to-list_changed latency (${BENCH_EDITS:-40} edits)..." >&2
cd "$root/tests/mcp-peers"
node "$root/scripts/bench_mcp.mjs" "$dll"
