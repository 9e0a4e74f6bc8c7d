// A TypeScript-SDK agent for the routing tests: connects to an MCP server through the router over Streamable HTTP or the
// legacy HTTP+SSE transport, exercises tools (echo, get-sum, a long-running tool with progress, cancellation),
// resources and prompts, and prints one JSON object with what it saw on standard output.
//
// Usage: node routed-agent.mjs <endpoint-url> <streamable|sse>
// Exits 1 (the error on standard error) when a step fails, 2 on bad usage or when it runs past its time limit.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { ProgressNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const [endpoint, mode] = process.argv.slice(2);
if (!endpoint || (mode !== "streamable" && mode !== "sse")) {
    console.error("usage: node routed-agent.mjs <endpoint-url> <streamable|sse>");
    process.exit(2);
}

setTimeout(() => {
    console.error("routed-agent: time limit (45 s) reached");
    process.exit(2);
}, 45_000).unref();

const textOf = (result) => result.content.filter((block) => block.type === "text").map((block) => block.text).join("\n");

const client = new Client({ name: "router-tests-routed-agent", version: "1.0.0" });

// Progress is read by a session-wide handler, not by the calls' onprogress: the SDK runs notification handlers a microtask
// later but settles a call as soon as its answer is read, dropping the call's onprogress then; when a busy machine hands
// the notifications and the answer over in one read, onprogress would see none of them although they came first.
// Handlers queued before the answer still run before the awaiting code resumes, so what this records at that moment is
// what arrived before the answer.
const progressSeen = [];
let onAnyProgress = () => {};
client.setNotificationHandler(ProgressNotificationSchema, (notification) => {
    progressSeen.push(notification.params.progress);
    onAnyProgress();
});
const transport = mode === "sse"
    ? new SSEClientTransport(new URL(endpoint))
    : new StreamableHTTPClientTransport(new URL(endpoint));
try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    const echo = textOf(await client.callTool({ name: "echo", arguments: { message: "from ts" } }));
    const sum = textOf(await client.callTool({ name: "get-sum", arguments: { a: 2, b: 3 } }));

    // An onprogress makes the SDK send a progress token; the handler above records what comes back.
    await client.callTool(
        { name: "trigger-long-running-operation", arguments: { duration: 0.3, steps: 3 } },
        undefined,
        { onprogress: () => {} });
    const progress = [...progressSeen];

    const { resources } = await client.listResources();
    const read = await client.readResource({ uri: resources[0].uri });
    const { prompts } = await client.listPrompts();
    const prompt = await client.getPrompt({ name: "simple-prompt" });

    const abort = new AbortController();
    let cancelled = false;
    onAnyProgress = () => abort.abort("enough");
    try {
        await client.callTool(
            { name: "trigger-long-running-operation", arguments: { duration: 20, steps: 20 } },
            undefined,
            { signal: abort.signal, onprogress: () => {}, timeout: 30_000 });
    } catch {
        cancelled = abort.signal.aborted;
    }
    onAnyProgress = () => {};

    const echoAfterCancel = textOf(await client.callTool({ name: "echo", arguments: { message: "after cancel" } }));
    process.stdout.write(JSON.stringify({
        serverName: client.getServerVersion()?.name ?? null,
        tools: tools.map((tool) => tool.name),
        echo,
        sum,
        progress,
        resources: resources.length,
        resourceTextLength: (read.contents[0]?.text ?? read.contents[0]?.blob ?? "").length,
        prompts: prompts.map((p) => p.name),
        promptMessages: prompt.messages.length,
        cancelled,
        echoAfterCancel,
    }) + "\n");
    if (mode === "streamable") {
        await transport.terminateSession();
    }
} catch (error) {
    console.error(`routed-agent: ${error?.stack ?? error}`);
    process.exitCode = 1;
} finally {
    await client.close();
}
