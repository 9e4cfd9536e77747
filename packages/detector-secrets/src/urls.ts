/**
 * Credentials inside URLs: database / broker connection URLs with a password, and any other
 * scheme with user:password@ (or a bare token) in its authority. Parsed by hand from each "://"
 * instead of one big regex: linear, and the parts are easy to check.
 */
import { charClasses, hasSoftWord, isPlaceholderValue, isTemplateRef, isWeakPassword, randomness } from "./filters.js";
import type { LineContext, LineScanner } from "./model.js";

/** Schemes of databases, caches and message brokers (SQLAlchemy dialect+driver forms included). */
const DATABASE_SCHEMES: ReadonlySet<string> = new Set([
  "postgres",
  "postgresql",
  "pgsql",
  "psql",
  "timescaledb",
  "cockroachdb",
  "redshift",
  "mysql",
  "mariadb",
  "mssql",
  "sqlserver",
  "oracle",
  "db2",
  "ibm_db_sa",
  "mongodb",
  "mongo",
  "redis",
  "rediss",
  "valkey",
  "memcached",
  "amqp",
  "amqps",
  "rabbitmq",
  "kafka",
  "nats",
  "mqtt",
  "mqtts",
  "clickhouse",
  "snowflake",
  "trino",
  "presto",
  "hive",
  "impala",
  "druid",
  "teradata",
  "teradatasql",
  "vertica",
  "firebird",
  "sybase",
  "neo4j",
  "bolt",
  "couchbase",
  "couchdb",
  "cassandra",
  "scylla",
  "influxdb",
  "elasticsearch",
  "opensearch",
  "arangodb",
  "crate",
  "exasol",
  "databricks",
  "sqlalchemy",
  "ldap",
  "ldaps",
]);

const SCHEME_CHAR = /[\w+.-]/;
/** Characters that end the authority part of a URL in text. */
const AUTHORITY_END = /[\s/?#"'<>`\\|{}^[\]]/;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function scanUrls(ctx: LineContext): void {
  const { line, lineStart } = ctx;
  let p = line.indexOf("://");
  while (p !== -1) {
    const next = line.indexOf("://", p + 3);
    // scheme: letters/digits/+.-_ before "://"
    let s = p;
    while (s > 0 && p - s < 32 && SCHEME_CHAR.test(line[s - 1] ?? "")) s--;
    const scheme = line.slice(s, p).toLowerCase();
    if (/^[a-z]/.test(scheme)) {
      // authority: up to the first delimiter; braces are allowed in userinfo for template checks
      let e = p + 3;
      const stop = Math.min(line.length, p + 3 + 600);
      while (e < stop) {
        const c = line[e] ?? "";
        if (c === "{" || c === "}") {
          e++;
          continue;
        }
        if (AUTHORITY_END.test(c)) break;
        e++;
      }
      const authority = line.slice(p + 3, e);
      const at = authority.lastIndexOf("@");
      if (at > 0) handleUserinfo(ctx, scheme, authority.slice(0, at), authority.slice(at + 1), lineStart + p + 3);
    }
    p = next;
  }
}

function handleUserinfo(ctx: LineContext, scheme: string, userinfo: string, host: string, userinfoStart: number): void {
  const base = scheme.split("+")[0] ?? scheme;
  const isDb = DATABASE_SCHEMES.has(base) || base.startsWith("jdbc");
  const colon = userinfo.indexOf(":");
  const hostName = host.replace(/:\d{1,5}$/, "").toLowerCase();
  if (!/[a-z0-9]/.test(hostName)) return;
  if (colon === -1) {
    // Token-only userinfo (https://<token>@github.com/…): only a random-looking token counts.
    if (isDb || userinfo.length < 20 || isTemplateRef(userinfo) || isPlaceholderValue(userinfo)) return;
    if (randomness(userinfo) !== "strong") return;
    // Sentry DSNs carry a public client key by design
    if (/(?:^|\.)sentry\.io$/.test(hostName) || hostName.startsWith("sentry.")) return;
    ctx.out.push({
      rule: "secrets/basic-auth-url",
      start: userinfoStart,
      end: userinfoStart + userinfo.length,
      secret: userinfo,
      severity: "high",
      label: `a token in the user part of a ${scheme} URL (host ${hostName})`,
      priority: 2,
      data: { scheme, host: hostName },
    });
    return;
  }
  const user = userinfo.slice(0, colon);
  const password = userinfo.slice(colon + 1);
  if (password.length === 0 || isTemplateRef(password) || /^%\w$|^\?$|^:/.test(password)) return;
  const plain = decode(password);
  const lower = plain.toLowerCase();
  const start = userinfoStart + colon + 1;
  const kind = isDb ? "secrets/database-url" : "secrets/basic-auth-url";
  const what = isDb ? `a ${scheme} connection URL with a password (host ${hostName})` : `a ${scheme} URL with a password (host ${hostName})`;
  if (isPlaceholderValue(plain) && !isWeakPassword(plain)) return;
  if (/^(?:user(?:name)?|login|u)$/i.test(user) && /^(?:pass(?:word)?|pwd|p|secret)$/i.test(plain)) return;
  // RFC 2606 / 6761 reserved names are documentation
  const docHost = /(?:^|\.)(?:example(?:\.com|\.org|\.net)?|test|invalid|localhost)$/.test(hostName);
  const realLooking = randomness(plain) === "strong" || (plain.length >= 8 && charClasses(plain).kinds >= 3);
  const weak = isWeakPassword(plain) || lower === user.toLowerCase() || plain.length < 4 || (docHost && !realLooking);
  const wordy = !weak && hasSoftWord(plain);
  ctx.out.push({
    rule: kind,
    start,
    end: start + password.length,
    secret: password,
    severity: weak ? "low" : wordy ? "medium" : "high",
    label: what,
    priority: 2,
    data: { scheme, host: hostName },
    ...(weak ? { note: "The password looks like a default or example value; change it anyway if the service is reachable." } : {}),
  });
}

export const URL_SCANNER: LineScanner = {
  kind: "line",
  name: "urls",
  keywords: ["://"],
  scan: scanUrls,
};
