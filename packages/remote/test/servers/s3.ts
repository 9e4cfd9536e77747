/**
 * S3-compatible servers for tests, both on 127.0.0.1 with a random port:
 *
 * - `startS3`: s3rver (a real, file-system-backed S3 emulator from npm) in a temporary directory,
 *   with buckets and objects created through the AWS SDK. s3rver knows one key pair, S3RVER/S3RVER:
 *   an unknown access key id gets `InvalidAccessKeyId` (403), but it does not verify SigV4
 *   signatures, so a wrong *secret* with the right key id is accepted.
 * - `startMiniS3`: a few dozen lines answering ListObjectsV2 and GetObject from memory, for what
 *   s3rver cannot produce: keys with `..` (s3rver would store them through its own file system),
 *   throttling, per-object denial, bodies longer than the listed size, and pagination: s3rver 3.7.1
 *   encrypts its continuation tokens with DES, which the OpenSSL 3 in Node 17+ no longer offers, so
 *   any truncated listing fails there with InternalError.
 *
 *   const s3 = await startS3({ buckets: { models: plantedFiles() } });
 *   // WATCHTOWER_S3_ENDPOINT=s3.endpoint AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
 *   await s3.close();
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { toBytes } from "./fixtures.js";

export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

export interface S3ServerOptions {
  /** Bucket name → key → content. */
  buckets: Record<string, Record<string, string | Uint8Array>>;
}

export interface S3Server {
  /** `http://127.0.0.1:<port>`: pass as `endpoint` or WATCHTOWER_S3_ENDPOINT (path-style). */
  endpoint: string;
  close(): Promise<void>;
}

export async function startS3(options: S3ServerOptions): Promise<S3Server> {
  const directory = await mkdtemp(join(tmpdir(), "wt-s3rver-"));
  // s3rver is CommonJS; a dynamic import keeps it out of anything that merely imports this module.
  const { default: S3rver } = await import("s3rver");
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: Object.keys(options.buckets).map((name) => ({ name })),
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const { S3Client, PutObjectCommand } = await import("@aws-sdk/client-s3");
  const client = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1", credentials: S3RVER_CREDENTIALS });
  try {
    for (const [bucket, objects] of Object.entries(options.buckets)) {
      for (const [key, content] of Object.entries(objects)) {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: toBytes(content) }));
      }
    }
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export interface MiniObject {
  content: string | Uint8Array;
  /** Size announced in the listing (default: the real size). */
  listedSize?: number;
}

export interface MiniS3Options {
  buckets: Record<string, Record<string, string | Uint8Array | MiniObject>>;
  /** Answer a request before the emulator does: return an S3 error to send instead. */
  intercept?(req: IncomingMessage, op: { bucket: string; key?: string }): { status: number; code: string; message?: string; headers?: Record<string, string> } | undefined;
}

export interface MiniS3 extends S3Server {
  requests: { method: string; url: string }[];
}

const xmlEscape = (s: string): string =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

export async function startMiniS3(options: MiniS3Options): Promise<MiniS3> {
  const requests: MiniS3["requests"] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "GET", url: req.url ?? "/" });
    req.resume();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const [, bucket = "", ...rest] = url.pathname.split("/");
    // Path-style: /bucket/ (or /bucket) lists, /bucket/key… reads.
    const key = rest.length && rest.join("/") !== "" ? rest.map(decodeURIComponent).join("/") : undefined;
    const error = (status: number, code: string, message = code, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/xml", ...headers });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`);
    };
    const short = options.intercept?.(req, { bucket, ...(key !== undefined ? { key } : {}) });
    if (short) return error(short.status, short.code, short.message, short.headers);
    const objects = options.buckets[bucket];
    if (!objects) return error(404, "NoSuchBucket", "The specified bucket does not exist");
    const entries = Object.entries(objects).map(([k, v]) => {
      const obj: MiniObject = typeof v === "string" || v instanceof Uint8Array ? { content: v } : v;
      const bytes = toBytes(obj.content);
      return { key: k, bytes, listedSize: obj.listedSize ?? bytes.length };
    });
    if (key === undefined) {
      // ListObjectsV2: prefix, max-keys and an opaque continuation token (here: the next index).
      const prefix = url.searchParams.get("prefix") ?? "";
      const maxKeys = Math.min(1000, Number(url.searchParams.get("max-keys") ?? "1000"));
      const from = Number(Buffer.from(url.searchParams.get("continuation-token") ?? "", "base64").toString() || "0");
      const matching = entries.filter((e) => e.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : 1));
      const page = matching.slice(from, from + maxKeys);
      const truncated = from + maxKeys < matching.length;
      const contents = page
        .map((e) => `<Contents><Key>${xmlEscape(e.key)}</Key><Size>${e.listedSize}</Size><StorageClass>STANDARD</StorageClass></Contents>`)
        .join("");
      const next = truncated ? `<NextContinuationToken>${Buffer.from(String(from + maxKeys)).toString("base64")}</NextContinuationToken>` : "";
      res.writeHead(200, { "content-type": "application/xml" });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
          `<Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount>` +
          `<MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${next}${contents}</ListBucketResult>`,
      );
      return;
    }
    const found = entries.find((e) => e.key === key);
    if (!found) return error(404, "NoSuchKey", "The specified key does not exist.");
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(found.bytes.length) });
    res.end(found.bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
