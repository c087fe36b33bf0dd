// Shared by the peer scripts: the TypeScript SDK, resolved from the working directory (tests/mcp-peers, where npm
// installed it), and small helpers. Every result is one JSON line on stdout, for the C# test to assert on.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(join(process.cwd(), "package.json"));
export const { Client } = require("@modelcontextprotocol/sdk/client/index.js");
export const { StdioClientTransport } = require("@modelcontextprotocol/sdk/client/stdio.js");
export const { StreamableHTTPClientTransport } = require("@modelcontextprotocol/sdk/client/streamableHttp.js");
export const { ToolListChangedNotificationSchema } = require("@modelcontextprotocol/sdk/types.js");

export const limitMs = 60_000;

export function emit(step, fields = {}) {
  process.stdout.write(JSON.stringify({ step, ...fields }) + "\n");
}

export function fail(step, error) {
  emit("failed", { at: step, error: String(error?.stack ?? error) });
  process.exit(1);
}

export const text = (result) => (result.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join("");

/** Counts list_changed notifications on a client; next() resolves on the first one after the call. */
export function listChanged(client) {
  let count = 0;
  let waiters = [];
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    count++;
    const ready = waiters;
    waiters = [];
    ready.forEach((resolve) => resolve());
  });
  return {
    get count() { return count; },
    next(what) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no list_changed after ${what}`)), limitMs);
        waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    },
  };
}

export async function until(condition, what) {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const exists = (path) => existsSync(path);
