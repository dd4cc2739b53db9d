/**
 * Progress of a long import on stderr: on a terminal one redrawn bar with the rate and the time left;
 * otherwise (a log, a pipe) a plain line every few seconds, so logs stay readable.
 */
export class ImportProgress {
  private phase = '';
  private phaseStartedAt = Date.now();
  private lastDrawnAt = 0;
  private hasBar = false;
  private last = { done: 0, total: 0, unit: '' };

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly plainEveryMs = 2_000,
  ) {}

  private get isTerminal(): boolean {
    return Boolean(this.stream.isTTY);
  }

  start(phase: string): void {
    this.finishBar();
    this.phase = phase;
    this.phaseStartedAt = Date.now();
    this.lastDrawnAt = 0;
  }

  /** `done` of `total` units (`unit` in Russian, e.g. «МБ», «сообщ.»). */
  update(done: number, total: number, unit: string, force = false): void {
    this.last = { done, total, unit };
    const now = Date.now();
    const interval = this.isTerminal ? 100 : this.plainEveryMs;
    if (!force && now - this.lastDrawnAt < interval) return;
    this.lastDrawnAt = now;
    const elapsed = (now - this.phaseStartedAt) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const left = rate > 0 ? Math.max(0, (total - done) / rate) : Number.NaN;
    const numbers = `${formatNumber(done)}/${formatNumber(total)} ${unit}, ${formatNumber(rate)} ${unit}/с, осталось ${Number.isFinite(left) ? formatSeconds(left) : '—'}`;
    if (this.isTerminal) {
      const width = 28;
      const filled = Math.round(share * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      this.stream.write(`\r${this.phase} ${bar} ${String(Math.floor(share * 100)).padStart(3)}% ${numbers}\u001b[K`);
      this.hasBar = true;
    } else {
      this.stream.write(`${this.phase}: ${Math.floor(share * 100)}% — ${numbers}\n`);
    }
  }

  /** Draws the phase's last known figures once more (its end). */
  complete(): void {
    if (this.last.unit) this.update(this.last.total, this.last.total, this.last.unit, true);
  }

  finishBar(): void {
    if (this.hasBar) this.stream.write('\n');
    this.hasBar = false;
  }
}

function formatNumber(value: number): string {
  return Math.round(value).toLocaleString('ru-RU');
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} с`;
  return `${Math.floor(seconds / 60)} мин ${Math.ceil(seconds % 60)} с`;
}
