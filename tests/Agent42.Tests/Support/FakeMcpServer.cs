using System.Text.Json;

namespace Agent42.Tests.Support;

/// <summary>
/// Small MCP servers written by a test: a well-behaved one built on the official TypeScript SDK's low-level
/// <c>Server</c> (so a test chooses any tool names, even ones no SDK helper would accept) whose tools misbehave on
/// request, and raw scripts that crash, hang at initialize or print garbage. Needs <see cref="McpPeers.OrSkip"/>.
/// </summary>
internal static class FakeMcpServer
{
    /// <summary>
    /// Writes the SDK-based fake into <paramref name="folder"/> and returns its path. Tools by name: <c>hang</c> never
    /// answers (and appends <c>cancelled &lt;tool&gt;</c> to <c>FAKE_LOG</c> when the client cancels it), <c>fail</c>
    /// answers <c>isError</c>, <c>grow</c> adds a tool <c>grown</c> and sends list_changed, <c>env</c> answers its
    /// environment as JSON, <c>image</c> answers a picture, <c>exit</c> answers and then exits, <c>huge</c> answers 1 MB of text; any other answers
    /// <c>&lt;name&gt;: &lt;text&gt;</c>. <c>FAKE_FLOOD=1</c> sends list_changed without pause; <c>FAKE_CRASH_ONCE=&lt;file&gt;</c> exits at its first start (when the file is not there yet).
    /// </summary>
    public static string Write(TempDirectory folder)
    {
        var sdk = new Uri(Path.Combine(McpPeers.Directory, "node_modules", "@modelcontextprotocol", "sdk", "dist", "esm") + "/").AbsoluteUri;
        var script = $$"""
            import { Server } from "{{sdk}}server/index.js";
            import { StdioServerTransport } from "{{sdk}}server/stdio.js";
            import { ListToolsRequestSchema, CallToolRequestSchema } from "{{sdk}}types.js";
            import fs from "node:fs";
            const log = process.env.FAKE_LOG;
            if (process.env.FAKE_CRASH_ONCE && !fs.existsSync(process.env.FAKE_CRASH_ONCE)) {
              fs.writeFileSync(process.env.FAKE_CRASH_ONCE, "crashed");
              console.error("first start: crashing on purpose");
              process.exit(4);
            }
            const tools = JSON.parse(process.env.FAKE_TOOLS || "[]");
            const server = new Server({ name: "fake", version: "1.0.0" }, { capabilities: { tools: { listChanged: true } } });
            server.setRequestHandler(ListToolsRequestSchema, async () => ({
              tools: tools.map(t => ({
                name: t.name,
                description: t.description ?? ("fake tool " + t.name),
                inputSchema: { type: "object", properties: { text: { type: "string", description: "what to echo" } } },
                annotations: t.readOnly ? { readOnlyHint: true } : undefined,
              })),
            }));
            server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
              const name = request.params.name;
              const args = request.params.arguments ?? {};
              if (name === "hang") {
                return await new Promise(() => extra.signal.addEventListener("abort", () => log && fs.appendFileSync(log, "cancelled " + name + "\n")));
              }
              if (name === "fail") return { content: [{ type: "text", text: "it broke" }], isError: true };
              if (name === "grow") {
                tools.push({ name: "grown" });
                await server.sendToolListChanged();
                return { content: [{ type: "text", text: "grew" }] };
              }
              if (name === "exit") {
                setTimeout(() => process.exit(5), 20);
                return { content: [{ type: "text", text: "bye" }] };
              }
              if (name === "env") return { content: [{ type: "text", text: JSON.stringify(process.env) }] };
              if (name === "image") return { content: [{ type: "text", text: "a picture:" }, { type: "image", data: "iVBORw0KGgo=", mimeType: "image/png" }] };
              if (name === "huge") return { content: [{ type: "text", text: "x".repeat(1024 * 1024) }] };
              return { content: [{ type: "text", text: name + ": " + (args.text ?? "") }] };
            });
            await server.connect(new StdioServerTransport());
            if (process.env.FAKE_FLOOD === "1") {
              const flood = () => server.sendToolListChanged().then(() => setImmediate(flood), () => {});
              flood();
            }
            """;
        return folder.Write("fake-mcp-server.mjs", script);
    }

    /// <summary>An <c>mcpServers</c> entry that runs the SDK-based fake with these tools (names, read-only flags) and variables.</summary>
    public static object Entry(string script, IEnumerable<object> tools, IReadOnlyDictionary<string, string>? env = null)
    {
        var variables = new Dictionary<string, string>(env ?? new Dictionary<string, string>())
        {
            ["FAKE_TOOLS"] = JsonSerializer.Serialize(tools),
        };
        return new { command = McpPeers.Node, args = new[] { script }, env = variables };
    }

    /// <summary>An entry that runs <paramref name="code"/> with <c>node -e</c>.</summary>
    public static object NodeEntry(string code) => new { command = McpPeers.Node, args = new[] { "-e", code } };

    /// <summary>Writes <c>{"mcpServers": servers}</c> to <paramref name="path"/>.</summary>
    public static void WriteConfig(string path, IReadOnlyDictionary<string, object> servers) =>
        File.WriteAllText(path, JsonSerializer.Serialize(new { mcpServers = servers }));
}
