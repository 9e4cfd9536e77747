import type { ReportDescriptor, ScanContext, Severity } from "@watchtower/types";

export type Ctx = ScanContext<object>;

/** Reports per identity before the rest become one note (a crafted file can have 10⁶ tensors). */
const MAX_PER_KEY = 20;

export class Reporter {
  private readonly counts = new Map<string, number>();
  private dropped = 0;
  constructor(readonly ctx: Ctx, readonly path: string) {}

  report(d: Omit<ReportDescriptor, "at"> & { member?: string; byteOffset?: number; byteLength?: number; severity: Severity }): void {
    const key = `${d.ruleId} ${d.identity ?? d.evidence ?? d.message}`;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    if (n > MAX_PER_KEY) {
      this.dropped++;
      return;
    }
    const { member, byteOffset, byteLength, ...rest } = d;
    this.ctx.report({
      ...rest,
      at: {
        kind: "binary",
        ...(member === undefined ? {} : { member }),
        ...(byteOffset === undefined ? {} : { byteOffset }),
        ...(byteLength === undefined ? {} : { byteLength }),
      },
    });
  }

  flush(): void {
    if (this.dropped > 0) this.ctx.note(`${this.path}: ${this.dropped} repeated finding(s) not listed individually`);
  }
}

/** Short printable excerpt for messages and evidence. */
export function excerpt(s: string, max = 120): string {
  const clean = s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
