// A TypeScript-SDK MCP client for tests: connects to a streamable HTTP MCP endpoint, lists its tools, calls `echo`
// and prints one JSON object on standard output:
//   {"serverName": "...", "tools": ["..."], "echo": "..."}
//
// Usage: node echo-client.mjs <endpoint-url> <message>
// Exits non-zero, with the error on standard error, when any step fails.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [endpoint, message] = process.argv.slice(2);
if (!endpoint || message === undefined) {
    console.error("usage: node echo-client.mjs <endpoint-url> <message>");
    process.exit(2);
}

const client = new Client({ name: "router-tests-echo-client", version: "1.0.0" });
const transport = new StreamableHTTPClientTransport(new URL(endpoint));
try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    const result = await client.callTool({ name: "echo", arguments: { message } });
    const text = result.content.find((block) => block.type === "text")?.text ?? null;
    process.stdout.write(JSON.stringify({
        serverName: client.getServerVersion()?.name ?? null,
        tools: tools.map((tool) => tool.name),
        echo: text,
    }) + "\n");
    await transport.terminateSession();
} finally {
    await client.close();
}
