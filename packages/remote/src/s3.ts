/**
 * `--s3 s3://bucket/prefix`: lists and streams objects with the AWS SDK v3 and its standard
 * credential chain (environment, shared profile, SSO, process, web identity, container and instance
 * roles). Region: AWS_REGION / AWS_DEFAULT_REGION or the profile, else us-east-1, and the SDK follows
 * the bucket's region redirect. Credentials never appear on the command line or in reports.
 * WATCHTOWER_S3_ENDPOINT (or `endpoint`) points at an S3-compatible server (MinIO, Ceph, tests) and
 * switches to path-style addressing.
 *
 * Objects land under the temporary directory by their key relative to the prefix's folder
 * (`s3://b/models/v1` keeps `v1/…` and `v1-old/…` apart). Objects over the size limits, keys that
 * would escape the directory, and objects that failed are listed in `incomplete`; a throttled or
 * unreachable server stops the download and marks everything not yet fetched incomplete.
 */
import type { Readable } from "node:stream";

import { networkCode, RemoteError, throwIfCancelled } from "./errors.js";
import { makeTempTree, OverLimit, safeJoin, writeLimited, type FetchedTree } from "./fetched.js";

export interface S3Options {
  uri: string;
  /** Objects larger than this are not downloaded (listed as incomplete). */
  maxObjectBytes: number;
  /** Total bytes downloaded at most; further objects are listed as incomplete. */
  maxTotalBytes?: number;
  /** Objects listed at most (default 100 000); the rest of the prefix is reported incomplete. */
  maxObjects?: number;
  /** S3-compatible endpoint (default: WATCHTOWER_S3_ENDPOINT, else AWS). */
  endpoint?: string;
  region?: string;
  /** Keys per ListObjectsV2 page (default: the server's, 1000 on AWS). */
  pageSize?: number;
  onObject?(key: string, bytes: number): void;
  /** Cancels listing and downloads (the temporary tree is removed). */
  signal?: AbortSignal;
}

export function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!m) throw new RemoteError(`"${uri}" is not an s3://bucket/prefix URI`, "invalid");
  return { bucket: m[1]!, prefix: m[2] ?? "" };
}

/** Where a key goes under the download directory: relative to the prefix's folder. */
export function relativeKey(prefix: string, key: string): string {
  const base = prefix.slice(0, prefix.lastIndexOf("/") + 1);
  return key.startsWith(base) ? key.slice(base.length) : key;
}

type S3ErrorShape = { name?: string; Code?: string; $metadata?: { httpStatusCode?: number }; message?: string };

function classify(error: unknown, what: string): RemoteError {
  if (error instanceof RemoteError) return error;
  const e = error as S3ErrorShape;
  const status = e.$metadata?.httpStatusCode;
  const name = e.name ?? e.Code ?? "";
  if (name === "CredentialsProviderError" || /Could not load credentials|credential.{0,40}(?:missing|not found)/i.test(e.message ?? "")) {
    return new RemoteError(`${what}: no AWS credentials found (environment, profile, SSO or role)`, "auth");
  }
  if (name === "NoSuchBucket") return new RemoteError(`${what}: bucket not found`, "not_found");
  if (name === "NoSuchKey" || status === 404) return new RemoteError(`${what}: not found`, "not_found");
  if (
    status === 401 ||
    status === 403 ||
    ["AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired"].includes(name)
  ) {
    return new RemoteError(`${what}: access denied (${name || `HTTP ${status}`}; check the AWS credentials in the environment or profile)`, "auth");
  }
  if (status === 429 || status === 503 || ["SlowDown", "Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"].includes(name)) {
    return new RemoteError(`${what}: rate limited by S3 (${name || `HTTP ${status}`}); retry later`, "rate_limited");
  }
  const net = networkCode(error);
  if (net) return new RemoteError(`${what}: cannot reach S3 (${net})`, "network");
  if (name === "PermanentRedirect" || status === 301) {
    return new RemoteError(`${what}: the bucket is in another region; set AWS_REGION`, "invalid");
  }
  return new RemoteError(`${what}: ${name ? `${name}: ` : ""}${e.message ?? String(error)}`, "other");
}

export async function fetchS3(options: S3Options): Promise<FetchedTree> {
  const { bucket, prefix } = parseS3Uri(options.uri);
  const location = `s3://${bucket}/${prefix}`;
  // The SDK warns on stderr that versions from 2027 on will need Node 22: noise for a CLI user,
  // whose Node 20 is supported by the SDK version pinned here. An explicit setting wins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // Loaded only for --s3: the SDK is large and the hook never needs it.
  const { S3Client, ListObjectsV2Command, GetObjectCommand } = await import("@aws-sdk/client-s3");
  const endpoint = options.endpoint ?? process.env.WATCHTOWER_S3_ENDPOINT;
  const common = {
    followRegionRedirects: true,
    requestHandler: { connectionTimeout: 15_000, socketTimeout: 120_000 },
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  };
  let client = new S3Client({ ...common, ...(options.region ? { region: options.region } : {}) });
  if (!options.region) {
    // The SDK's own region chain (AWS_REGION, AWS_DEFAULT_REGION, the profile); us-east-1 when it
    // finds none, and the bucket's region redirect does the rest.
    try {
      await client.config.region();
    } catch {
      client.destroy();
      client = new S3Client({ ...common, region: "us-east-1" });
    }
  }
  const tree = await makeTempTree("s3");
  const incomplete: FetchedTree["incomplete"] = [];
  const notes: string[] = [];
  const maxObjects = options.maxObjects ?? 100_000;
  const written = new Set<string>();
  let total = 0;
  let fetched = 0;
  let listed = 0;
  let authFailures = 0;
  let stopped: RemoteError | undefined;
  try {
    let token: string | undefined;
    listing: do {
      let page;
      throwIfCancelled(options.signal);
      try {
        page = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            ContinuationToken: token,
            ...(options.pageSize ? { MaxKeys: options.pageSize } : {}),
          }),
          options.signal ? { abortSignal: options.signal } : {},
        );
      } catch (error) {
        throwIfCancelled(options.signal);
        const e = classify(error, `listing ${location}`);
        // Nothing listed yet: the whole source failed (exit 2). Later pages: keep what we have.
        if (listed === 0) throw e;
        incomplete.push({ path: prefix || "/", details: `listing stopped after ${listed} objects: ${e.message}` });
        break;
      }
      for (const obj of page.Contents ?? []) {
        const key = obj.Key ?? "";
        const size = obj.Size ?? 0;
        if (key.endsWith("/")) continue;
        throwIfCancelled(options.signal);
        listed++;
        if (listed > maxObjects) {
          incomplete.push({ path: prefix || "/", details: `more than ${maxObjects} objects under ${location}; the rest was not scanned` });
          break listing;
        }
        const rel = relativeKey(prefix, key);
        if (stopped) {
          incomplete.push({ path: rel, details: `not fetched: ${stopped.message}` });
          continue;
        }
        const target = safeJoin(tree.dir, rel);
        if (!target) {
          incomplete.push({ path: rel, details: "object key escapes the download directory or is not a valid path; not fetched" });
          continue;
        }
        if (written.has(target)) {
          incomplete.push({ path: rel, details: "another object maps to the same path; not fetched" });
          continue;
        }
        if (size > options.maxObjectBytes) {
          incomplete.push({ path: rel, details: `${size} bytes is over the ${options.maxObjectBytes}-byte object limit; not downloaded` });
          continue;
        }
        if (options.maxTotalBytes !== undefined && total + size > options.maxTotalBytes) {
          incomplete.push({ path: rel, details: `total download limit of ${options.maxTotalBytes} bytes reached; not downloaded` });
          continue;
        }
        let bytes: number;
        try {
          const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), options.signal ? { abortSignal: options.signal } : {});
          written.add(target);
          bytes = await writeLimited(got.Body as Readable, target, options.maxObjectBytes);
        } catch (error) {
          throwIfCancelled(options.signal);
          if (error instanceof OverLimit) {
            incomplete.push({ path: rel, details: `more than the ${options.maxObjectBytes}-byte object limit was sent; not scanned` });
            continue;
          }
          const e = classify(error, `s3://${bucket}/${key}`);
          incomplete.push({ path: rel, details: e.message });
          if (e.kind === "auth") authFailures++;
          // Throttled or unreachable: stop hammering; everything after this is incomplete.
          if (e.kind === "network" || e.kind === "rate_limited") stopped = e;
          continue;
        }
        total += bytes;
        fetched++;
        options.onObject?.(rel, bytes);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);

    if (fetched === 0 && stopped) throw stopped;
    if (fetched === 0 && authFailures > 0 && authFailures === incomplete.length) {
      throw new RemoteError(`${location}: objects are listed but reading them is denied (s3:GetObject); check the AWS credentials`, "auth");
    }
    if (listed === 0) notes.push(`${location} has no objects`);
    else notes.push(`fetched ${fetched} of ${listed} objects (${total} bytes) from ${location}`);
    return {
      dir: tree.dir,
      origin: { type: "s3", location },
      incomplete,
      notes,
      cleanup: tree.cleanup,
    };
  } catch (error) {
    await tree.cleanup();
    throw classify(error, location);
  } finally {
    client.destroy();
  }
}
