/**
 * The UI's HTTP server (node:http, 127.0.0.1 only). Every request passes, in order: a request
 * target check, the Host check (DNS rebinding), the token (401 without, 403 wrong), and for
 * POST/DELETE the same-origin check; only then is it routed. Routes are a fixed table: the page and
 * its assets come from strings compiled into the module (never from a path in the URL), the API is
 * JSON, progress is Server-Sent Events, and reports are served from memory.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

import { ASSETS } from "./generated/assets.js";
import { reportHtml } from "./html.js";
import { parseScanRequest, RequestError } from "./request.js";
import { BusyError, Session, type ScanRecord, type ScanView } from "./scans.js";
import {
  checkToken,
  COMMON_HEADERS,
  DOWNLOAD_CSP,
  hostAllowed,
  newToken,
  PAGE_CSP,
  REPORT_VIEW_CSP,
  sameOriginWrite,
  sessionCookie,
} from "./security.js";
import type { UiOptions, UiServer } from "./types.js";

export const HOST = "127.0.0.1";
const MAX_BODY = 16 * 1024;
const MAX_EVENT_STREAMS = 16;
const HEARTBEAT_MS = 15_000;
const MAX_REFUSAL_LOGS = 50;
/** How long close() waits for a scan that does not stop when aborted. */
const SHUTDOWN_WAIT_MS = 2_000;
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

const TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  svg: "image/svg+xml",
};

/** URL path → asset name: the complete list of static files this server can ever send. */
const STATIC = new Map<string, string>(
  Object.keys(ASSETS)
    .filter((name) => name !== "index.html")
    .map((name) => [`/assets/${name}`, name]),
);

const SCAN_FILE = /^\/api\/scans\/([\w-]{1,32})\/(view\.html|report\.json|report\.sarif|report\.html)$/;

type Headers = Record<string, string | number>;

function send(res: ServerResponse, status: number, body: string, headers: Headers): void {
  const buf = Buffer.from(body, "utf8");
  res.writeHead(status, { ...COMMON_HEADERS, "Content-Length": buf.length, ...headers });
  res.end(buf);
}

function json(res: ServerResponse, status: number, value: unknown, extra: Headers = {}): void {
  send(res, status, JSON.stringify(value), { "Content-Type": "application/json; charset=utf-8", "Content-Security-Policy": API_CSP, ...extra });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > MAX_BODY) {
      reject(new RequestError("request body too large"));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_BODY) {
        req.off("data", onData);
        reject(new RequestError("request body too large"));
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function stamp(record: ScanRecord): string {
  return new Date(record.started).toISOString().replace(/[:.]/g, "-").slice(0, 19);
}

export async function startUi(options: UiOptions): Promise<UiServer> {
  if (options.host !== undefined && options.host !== HOST) {
    throw new Error(`the UI listens on ${HOST} only (asked for "${options.host}"): it runs scans on this machine and must not be reachable from elsewhere`);
  }
  const requestedPort = options.port ?? 0;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) throw new Error(`invalid port ${String(options.port)}`);
  if (typeof options.scan !== "function") throw new Error("startUi needs a scan function");

  const log = options.log ?? (() => {});
  const token = newToken();
  const session = new Session(options.scan, log);
  const streams = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let port = requestedPort;
  let refusals = 0;
  let closing: Promise<void> | undefined;

  function refuse(req: IncomingMessage, res: ServerResponse, status: number, reason: string, path: string): void {
    if (refusals < MAX_REFUSAL_LOGS) {
      const shown = path.replace(/[^\x21-\x7e]/g, "?").slice(0, 120);
      log(`refused ${String(req.method).slice(0, 10)} ${shown}: ${reason}${++refusals === MAX_REFUSAL_LOGS ? " (further refusals are not logged)" : ""}`);
    }
    json(res, status, { error: reason }, { Connection: "close" });
  }

  function page(res: ServerResponse, setCookie: boolean): void {
    send(res, 200, ASSETS["index.html"]!, {
      "Content-Type": TYPES.html!,
      "Content-Security-Policy": PAGE_CSP,
      "X-Frame-Options": "DENY",
      ...(setCookie ? { "Set-Cookie": sessionCookie(port, token) } : {}),
    });
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    if (streams.size >= MAX_EVENT_STREAMS) {
      const oldest = streams.values().next().value;
      oldest?.end();
      if (oldest) streams.delete(oldest);
    }
    res.writeHead(200, {
      ...COMMON_HEADERS,
      "Content-Type": "text/event-stream; charset=utf-8",
      "Content-Security-Policy": API_CSP,
      "X-Accel-Buffering": "no",
    });
    streams.add(res);
    const push = (view: ScanView | null): void => {
      res.write(`event: scan\ndata: ${JSON.stringify(view)}\n\n`);
    };
    res.write("retry: 2000\n\n");
    const latest = session.latest();
    push(latest ? session.view(latest) : null);
    const unsubscribe = session.subscribe(push);
    const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
    const done = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    };
    req.on("close", done);
    res.on("close", done);
  }

  async function scanFile(res: ServerResponse, record: ScanRecord, file: string): Promise<void> {
    const result = record.result;
    if (!result) {
      json(res, 404, { error: record.state === "running" || record.state === "cancelling" ? "the scan has not finished" : "this scan has no report" });
      return;
    }
    const name = `watchtower-report-${stamp(record)}`;
    const attachment = (ext: string): Headers => ({ "Content-Disposition": `attachment; filename="${name}.${ext}"`, "Content-Security-Policy": DOWNLOAD_CSP });
    switch (file) {
      case "view.html":
        send(res, 200, await reportHtml(result), { "Content-Type": TYPES.html!, "Content-Security-Policy": REPORT_VIEW_CSP });
        return;
      case "report.html":
        send(res, 200, await reportHtml(result), { "Content-Type": TYPES.html!, ...attachment("html") });
        return;
      case "report.json":
        send(res, 200, result.json, { "Content-Type": "application/json; charset=utf-8", ...attachment("json") });
        return;
      case "report.sarif":
        if (result.sarif === undefined) json(res, 404, { error: "no SARIF report for this scan" });
        else send(res, 200, result.sarif, { "Content-Type": "application/sarif+json; charset=utf-8", ...attachment("sarif") });
        return;
    }
  }

  async function startScan(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const type = String(req.headers["content-type"] ?? "");
    if (!/^application\/json\s*(?:;|$)/i.test(type)) {
      json(res, 415, { error: "send application/json" });
      return;
    }
    let request;
    try {
      const body = await readBody(req);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new RequestError("the body is not valid JSON");
      }
      request = parseScanRequest(parsed);
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      const tooLarge = error.message.includes("too large");
      json(res, tooLarge ? 413 : 400, { error: error.message }, { Connection: "close" });
      // Whatever is left of an oversized body is not read: drop the connection once answered.
      if (tooLarge) res.on("finish", () => req.destroy());
      return;
    }
    try {
      const record = session.start(request);
      json(res, 202, { scan: session.view(record) });
    } catch (error) {
      if (error instanceof BusyError) json(res, 409, { error: error.message });
      else throw error;
    }
  }

  function cancelScan(res: ServerResponse): void {
    const record = session.cancel();
    if (!record) json(res, 409, { error: "no scan is running" });
    else json(res, 202, { scan: session.view(record) });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "";
    const target = req.url ?? "";
    const q = target.indexOf("?");
    const path = q < 0 ? target : target.slice(0, q);
    // Absolute-form and asterisk-form targets (proxies, OPTIONS *) are not for us.
    if (!target.startsWith("/")) return refuse(req, res, 400, "bad request target", path);
    if (!hostAllowed(port, req.headers)) return refuse(req, res, 403, "Host must be 127.0.0.1 or localhost with this port", path);
    const auth = checkToken(token, port, req.headers, new URLSearchParams(q < 0 ? "" : target.slice(q + 1)));
    if (!auth.ok) return refuse(req, res, auth.status ?? 401, auth.status === 403 ? "wrong token" : "token required: open the URL printed by watchtower-hook ui", path);
    const read = method === "GET" || method === "HEAD";
    if (!read && !sameOriginWrite(port, req.headers, auth.source)) return refuse(req, res, 403, "cross-origin request refused", path);

    const allow = (methods: string): void => json(res, 405, { error: "method not allowed" }, { Allow: methods });
    if (path === "/") return read ? page(res, auth.source === "query") : allow("GET, HEAD");
    const asset = STATIC.get(path);
    if (asset !== undefined) {
      if (!read) return allow("GET, HEAD");
      const ext = asset.slice(asset.lastIndexOf(".") + 1);
      return send(res, 200, ASSETS[asset]!, { "Content-Type": TYPES[ext] ?? "application/octet-stream", "Content-Security-Policy": API_CSP });
    }
    if (path === "/api/state") {
      if (!read) return allow("GET, HEAD");
      const latest = session.latest();
      return json(res, 200, { scan: latest ? session.view(latest) : null });
    }
    if (path === "/api/events") return method === "GET" ? events(req, res) : allow("GET");
    if (path === "/api/scan") {
      if (method === "POST") return startScan(req, res);
      if (method === "DELETE") return cancelScan(res);
      return allow("POST, DELETE");
    }
    if (path === "/api/scan/cancel") return method === "POST" ? cancelScan(res) : allow("POST");
    const m = SCAN_FILE.exec(path);
    if (m) {
      if (!read) return allow("GET, HEAD");
      const record = session.get(m[1]!);
      if (!record) return json(res, 404, { error: "no such scan (only the last few are kept)" });
      return scanFile(res, record, m[2]!);
    }
    return json(res, 404, { error: "not found" });
  }

  const server: Server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) json(res, 500, { error: "internal error" });
      else res.destroy();
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(error.code === "EADDRINUSE" ? new Error(`port ${requestedPort} on ${HOST} is already in use; pick another with --port`) : error);
    };
    server.once("error", onError);
    server.listen({ port: requestedPort, host: HOST, exclusive: true }, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string" || address.address !== HOST) {
    server.close();
    throw new Error(`the UI server is not bound to ${HOST}`);
  }
  port = address.port;

  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    token,
    port,
    close(): Promise<void> {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await session.shutdown(SHUTDOWN_WAIT_MS);
        for (const s of streams) s.end();
        streams.clear();
        server.closeIdleConnections();
        for (const socket of sockets) socket.destroy();
        await stopped;
        log("UI server stopped");
      })();
      return closing;
    },
  };
}
