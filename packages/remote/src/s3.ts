/**
 * `--s3 s3://bucket/prefix`: lists and streams objects with the AWS SDK v3 and its standard
 * credential chain (environment, shared profile, SSO, instance/task role). Region: AWS_REGION or
 * the profile, with the SDK following the bucket's region redirects. Credentials never appear on
 * the command line or in reports. WATCHTOWER_S3_ENDPOINT points at an S3-compatible server (MinIO,
 * tests) and switches to path-style addressing.
 */
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";

import { RemoteError } from "./errors.js";
import { makeTempTree, safeJoin, type FetchedTree } from "./fetched.js";

export interface S3Options {
  uri: string;
  /** Objects larger than this are not downloaded (listed as incomplete). */
  maxObjectBytes: number;
  /** Total bytes downloaded at most. */
  maxTotalBytes?: number;
  endpoint?: string;
  region?: string;
  onObject?(key: string, bytes: number): void;
}

export function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!m) throw new RemoteError(`"${uri}" is not an s3://bucket/prefix URI`, "invalid");
  return { bucket: m[1]!, prefix: m[2] ?? "" };
}

function classify(error: unknown, what: string): RemoteError {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; code?: string; message?: string };
  const status = e.$metadata?.httpStatusCode;
  if (e.name === "NoSuchBucket" || status === 404) return new RemoteError(`${what}: bucket or key not found`, "not_found");
  if (e.name === "CredentialsProviderError") return new RemoteError(`${what}: no AWS credentials found (environment, profile or role)`, "auth");
  if (status === 401 || status === 403 || e.name === "AccessDenied" || e.name === "InvalidAccessKeyId" || e.name === "SignatureDoesNotMatch") {
    return new RemoteError(`${what}: access denied (check the AWS credentials in the environment or profile)`, "auth");
  }
  if (status === 429 || e.name === "SlowDown" || e.name === "Throttling") return new RemoteError(`${what}: rate limited; retry later`, "rate_limited");
  if (e.code === "ECONNREFUSED" || e.code === "ENOTFOUND" || e.name === "TimeoutError") return new RemoteError(`${what}: cannot reach S3 (${e.code ?? e.name})`, "network");
  return new RemoteError(`${what}: ${e.message ?? String(error)}`, "other");
}

export async function fetchS3(options: S3Options): Promise<FetchedTree> {
  const { bucket, prefix } = parseS3Uri(options.uri);
  // Loaded only for --s3: the SDK is large and the hook never needs it.
  const { S3Client, ListObjectsV2Command, GetObjectCommand } = await import("@aws-sdk/client-s3");
  const endpoint = options.endpoint ?? process.env.WATCHTOWER_S3_ENDPOINT;
  const client = new S3Client({
    ...(options.region ? { region: options.region } : {}),
    ...(!options.region && !process.env.AWS_REGION && !process.env.AWS_DEFAULT_REGION ? { region: "us-east-1" } : {}),
    followRegionRedirects: true,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  });
  const tree = await makeTempTree("s3");
  const incomplete: FetchedTree["incomplete"] = [];
  const notes: string[] = [];
  let total = 0;
  try {
    let token: string | undefined;
    do {
      let page;
      try {
        page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      } catch (error) {
        throw classify(error, `listing s3://${bucket}/${prefix}`);
      }
      for (const obj of page.Contents ?? []) {
        const key = obj.Key ?? "";
        const size = obj.Size ?? 0;
        if (key.endsWith("/")) continue;
        const rel = prefix && key.startsWith(prefix) ? key.slice(prefix.length).replace(/^\/+/, "") || key : key;
        const target = safeJoin(tree.dir, rel);
        if (!target) {
          incomplete.push({ path: rel, details: "object key escapes the download directory; not fetched" });
          continue;
        }
        if (size > options.maxObjectBytes) {
          incomplete.push({ path: rel, details: `${size} bytes is over the ${options.maxObjectBytes}-byte object limit; not downloaded` });
          continue;
        }
        if (options.maxTotalBytes !== undefined && total + size > options.maxTotalBytes) {
          incomplete.push({ path: rel, details: "total download limit reached; not downloaded" });
          continue;
        }
        try {
          const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          await mkdir(dirname(target), { recursive: true });
          await pipeline(got.Body as Readable, createWriteStream(target));
        } catch (error) {
          const e = classify(error, `s3://${bucket}/${key}`);
          if (e.kind === "auth" || e.kind === "network") throw e;
          incomplete.push({ path: rel, details: e.message });
          continue;
        }
        total += size;
        options.onObject?.(rel, size);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    if (total === 0 && incomplete.length === 0) notes.push(`s3://${bucket}/${prefix} has no objects`);
    return {
      dir: tree.dir,
      origin: { type: "s3", location: `s3://${bucket}/${prefix}` },
      incomplete,
      notes,
      cleanup: tree.cleanup,
    };
  } catch (error) {
    await tree.cleanup();
    throw error instanceof RemoteError ? error : classify(error, `s3://${bucket}/${prefix}`);
  } finally {
    client.destroy();
  }
}
