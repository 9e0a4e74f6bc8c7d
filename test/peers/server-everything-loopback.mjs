// Starts @modelcontextprotocol/server-everything bound to 127.0.0.1 only.
//
// Usage: PORT=<port> node server-everything-loopback.mjs <sse|streamableHttp>
//
// The package calls `app.listen(PORT, callback)` with no host, so Node binds every interface, and it reads no
// host setting from the environment or the command line. Every server a test starts must listen on loopback only,
// so this wrapper pins the host of every TCP listen in the process to 127.0.0.1 before the package loads.
import net from "node:net";

const LOOPBACK = "127.0.0.1";
const originalListen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
    const [first] = args;
    if (first !== null && typeof first === "object") {
        // listen(options[, callback]): a Unix socket path or a handle has no host to pin.
        if (first.path === undefined && first.handle === undefined && first.fd === undefined && first._handle === undefined) {
            args[0] = { ...first, host: LOOPBACK };
        }
    } else if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
        // listen(port[, host][, backlog][, callback]): replace the host if given, else insert it.
        if (typeof args[1] === "string") {
            args[1] = LOOPBACK;
        } else {
            args.splice(1, 0, LOOPBACK);
        }
    } else if (first === undefined || typeof first === "function") {
        // listen([callback]): a random port on every interface; pin it to loopback too.
        args.splice(0, 0, 0, LOOPBACK);
    }
    return originalListen.apply(this, args);
};

const transport = process.argv[2];
if (transport !== "sse" && transport !== "streamableHttp") {
    console.error(`usage: PORT=<port> node server-everything-loopback.mjs <sse|streamableHttp> (got ${transport ?? "nothing"})`);
    process.exit(2);
}

// The package's launcher picks its transport from process.argv[2], which is ours as well.
await import("@modelcontextprotocol/server-everything/dist/index.js");
