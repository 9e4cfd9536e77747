/**
 * Progress for long scans: a bar on a terminal (cli-progress), one line per thousand files in CI
 * logs, nothing for the staged hook (it finishes before a bar would be worth drawing).
 */
import type cliProgress from "cli-progress";

import type { Io } from "./cli.js";

type CliProgress = typeof cliProgress;

export class Progress {
  private bar: cliProgress.SingleBar | undefined;
  private done = 0;
  private bytes = 0;
  private total = 0;

  private constructor(
    private readonly io: Io,
    private readonly enabled: boolean,
    private readonly bars: CliProgress | undefined,
  ) {}

  /** cli-progress is imported only when a bar will be drawn (never in the staged hook or in CI logs). */
  static async create(io: Io, enabled: boolean): Promise<Progress> {
    const bars = enabled && io.tty ? (await import("cli-progress")).default : undefined;
    return new Progress(io, enabled, bars);
  }

  start(total: number): void {
    this.total = total;
    if (!this.enabled || total < 2) return;
    if (this.io.tty && this.bars) {
      const cliProgress = this.bars;
      this.bar = new cliProgress.SingleBar(
        {
          stream: this.io.tty,
          format: "scanning {bar} {value}/{total} files | {mb} MB | {findings} findings",
          hideCursor: true,
          clearOnComplete: true,
          fps: 10,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, 0, { mb: "0.0", findings: 0 });
    }
  }

  file(bytes: number, findings: number): void {
    this.done++;
    this.bytes += bytes;
    if (this.bar) this.bar.update(this.done, { mb: (this.bytes / 1048576).toFixed(1), findings });
    else if (this.enabled && this.io.log && this.done % 1000 === 0) {
      this.io.log(`watchtower-hook: ${this.done}/${this.total} files, ${(this.bytes / 1048576).toFixed(1)} MB, ${findings} findings so far`);
    }
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
