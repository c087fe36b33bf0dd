// MCP hot-reload latency: from a tool file's write returning to the client receiving notifications/tools/list_changed,
// measured with the official TypeScript SDK's client against `agent42 mcp serve` over stdio. Prints JSON.
// Run through scripts/bench-mcp.sh (which builds Agent42 and installs the client); cwd must be tests/mcp-peers.
// Usage: node bench_mcp.mjs <agent42.dll> ; BENCH_EDITS (default 40).
import { createRequire } from "node:module";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const require = createRequire(join(process.cwd(), "package.json"));
const { Client } = require("@modelcontextprotocol/sdk/client/index.js");
const { StdioClientTransport } = require("@modelcontextprotocol/sdk/client/stdio.js");
const { ToolListChangedNotificationSchema } = require("@modelcontextprotocol/sdk/types.js");

const dll = process.argv[2];
const edits = Number(process.env.BENCH_EDITS ?? "40");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const source = (rev) => `using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Agent42.Sdk;

public sealed class BenchTool : Tool
{
    public override string Name => "bench_tool";
    public override string Description => "Revision ${rev}.";
    public override bool IsReadOnly => true;
    public override JsonElement Parameters => JsonDocument.Parse("{\\"type\\":\\"object\\"}").RootElement.Clone();
    public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) =>
        Task.FromResult(ToolResult.Ok("revision ${rev}"));
}
`;

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const k = (sorted.length - 1) * p;
  const lo = Math.floor(k), hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (k - lo);
}

const work = mkdtempSync(join(tmpdir(), "a42-bench-mcp-"));
const tools = join(work, "custom_tools");
mkdirSync(tools);
const file = join(tools, "bench_tool.cs");
writeFileSync(file, source(0));

const client = new Client({ name: "bench-mcp", version: "1.0.0" });
let notified = null;
client.setNotificationHandler(ToolListChangedNotificationSchema, () => { const n = notified; notified = null; n?.(performance.now()); });
const transport = new StdioClientTransport({
  command: "dotnet", args: [dll, "mcp", "serve"], cwd: work, stderr: "pipe",
  env: { ...process.env, MODEL_RESEARCH_ENABLED: "false", DOTNET_NOLOGO: "1" },
});
// The server's own figure per edit (its stderr event line: from the change noticed to the new version callable), to
// tell the reload's share from the notification's.
const reloads = [];
let pending = "";
transport.stderr.on("data", (chunk) => {
  pending += chunk;
  const lines = pending.split("\n");
  pending = lines.pop();
  for (const line of lines) {
    const match = /updated\s+bench_tool\.cs: .*\((\d+) ms/.exec(line);
    if (match) reloads.push(Number(match[1]));
  }
});
await client.connect(transport);
const firstList = await client.listTools();
if (!firstList.tools.some((t) => t.name === "bench_tool")) throw new Error("bench_tool did not load");
// Let the watcher settle and Roslyn warm up (the server warms it in the background), as a user's session would.
await sleep(3000);

const latencies = [];
for (let rev = 1; rev <= edits; rev++) {
  const heard = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no list_changed for edit ${rev}`)), 30_000);
    notified = (at) => { clearTimeout(timer); resolve(at); };
  });
  writeFileSync(file, source(rev));
  const written = performance.now();
  latencies.push((await heard) - written);
  const answer = await client.callTool({ name: "bench_tool", arguments: {} });
  if (answer.content[0].text !== `revision ${rev}`) throw new Error(`edit ${rev} answered ${answer.content[0].text}`);
  // Quiet between edits, so the next measurement starts with no reload in flight.
  await sleep(250);
}

await client.close();
rmSync(work, { recursive: true, force: true });
const round = (x) => Math.round(x * 10) / 10;
console.log(JSON.stringify({
  benchmark: "mcp_list_changed_latency",
  client: "@modelcontextprotocol/sdk (TypeScript) over stdio",
  edits,
  median_ms: round(percentile(latencies, 0.5)),
  p90_ms: round(percentile(latencies, 0.9)),
  max_ms: round(Math.max(...latencies)),
  min_ms: round(Math.min(...latencies)),
  target_median_ms: 60,
  server_reload_median_ms: reloads.length ? round(percentile(reloads, 0.5)) : null,
}));
