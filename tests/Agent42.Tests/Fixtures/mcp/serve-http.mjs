// Two clients of `agent42 mcp serve --http` at once, each with the TypeScript SDK's StreamableHTTPClientTransport:
// both list and call, and both hear list_changed when a tool file is added. Environment: A42_URL, A42_WORKSPACE,
// A42_ADDED_V1.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport, emit, fail, text, listChanged, until } from "./peer.mjs";

const url = new URL(process.env.A42_URL);
let step = "connect";
try {
  const clients = [];
  for (const name of ["first", "second"]) {
    const client = new Client({ name, version: "1.0.0" });
    const changes = listChanged(client);
    await client.connect(new StreamableHTTPClientTransport(url));
    clients.push({ client, changes });
  }
  emit(step, { clients: clients.length, listChanged: clients[0].client.getServerCapabilities()?.tools?.listChanged === true });

  step = "call";
  const dir = await clients[1].client.callTool({ name: "list_dir", arguments: {} });
  emit(step, { text: text(dir), isError: dir.isError === true, tools: (await clients[0].client.listTools()).tools.length });

  step = "added";
  const heard = clients.map(({ changes }) => changes.next("adding a tool file"));
  writeFileSync(join(process.env.A42_WORKSPACE, "custom_tools", "added.cs"), process.env.A42_ADDED_V1);
  await Promise.all(heard);
  await until(async () => (await clients[1].client.listTools()).tools.some((t) => t.name === "added"), "the added tool");
  emit(step, { both: true, text: text(await clients[0].client.callTool({ name: "added", arguments: {} })) });

  for (const { client } of clients) await client.close();
  emit("done");
} catch (error) {
  fail(step, error);
}
