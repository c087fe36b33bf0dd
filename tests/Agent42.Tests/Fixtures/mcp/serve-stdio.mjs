// Drives `agent42 mcp serve` over stdio with the official TypeScript SDK's Client, as Claude Code and other clients
// do. Environment: A42_COMMAND (JSON array: the command and its arguments), A42_WORKSPACE, A42_ADDED_V1, A42_BROKEN.
import { writeFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { Client, StdioClientTransport, emit, fail, text, listChanged, until, exists } from "./peer.mjs";

const [command, ...args] = JSON.parse(process.env.A42_COMMAND);
const workspace = process.env.A42_WORKSPACE;
const tool = (name) => join(workspace, "custom_tools", name);
let step = "connect";
try {
  const transport = new StdioClientTransport({ command, args, cwd: workspace, env: process.env, stderr: "pipe" });
  let stderr = "";
  transport.stderr?.on("data", (chunk) => { stderr += chunk; });
  const client = new Client({ name: "agent42-tests", version: "1.0.0" });
  const changes = listChanged(client);
  await client.connect(transport);
  emit(step, { listChanged: client.getServerCapabilities()?.tools?.listChanged === true });

  step = "list";
  const listed = await client.listTools();
  emit(step, { names: listed.tools.map((t) => t.name), shout: listed.tools.find((t) => t.name === "shout") });

  step = "custom";
  const shout = await client.callTool({ name: "shout", arguments: { text: "hi there" } });
  emit(step, { text: text(shout), isError: shout.isError === true });

  step = "builtin";
  const dir = await client.callTool({ name: "list_dir", arguments: { path: "." } });
  emit(step, { text: text(dir), isError: dir.isError === true });

  step = "added";
  let next = changes.next("adding a tool file");
  writeFileSync(tool("added.cs"), process.env.A42_ADDED_V1);
  await next;
  await until(async () => (await client.listTools()).tools.some((t) => t.name === "added"), "the added tool in tools/list");
  emit(step, { text: text(await client.callTool({ name: "added", arguments: {} })) });

  step = "broken";
  next = changes.next("breaking the tool file");
  writeFileSync(tool("added.cs"), process.env.A42_BROKEN);
  await next;
  const broken = await client.callTool({ name: "added", arguments: {} });
  emit(step, { text: text(broken), isError: broken.isError === true, listed: (await client.listTools()).tools.some((t) => t.name === "added") });

  step = "removed";
  next = changes.next("deleting the tool file");
  unlinkSync(tool("added.cs"));
  await next;
  await until(async () => !(await client.listTools()).tools.some((t) => t.name === "added"), "the removed tool gone from tools/list");
  emit(step, { names: (await client.listTools()).tools.map((t) => t.name) });

  step = "cancel";
  const abort = new AbortController();
  const call = client.callTool({ name: "wait_cancel", arguments: {} }, undefined, { signal: abort.signal, timeout: 120_000 });
  const settled = call.then(() => "answered", (error) => "rejected: " + error?.message);
  await until(() => exists(join(workspace, "cancel.marker.started")), "the hanging tool to start");
  abort.abort("the test cancels");
  const outcome = await settled;
  await until(() => exists(join(workspace, "cancel.marker")), "the tool to observe its cancellation");
  emit(step, { outcome, marker: true, notices: changes.count });

  await client.close();
  emit("done", { stderrHasRejection: stderr.includes("rejected") });
} catch (error) {
  fail(step, error);
}
