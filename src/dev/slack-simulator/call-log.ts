/** Every Web API call the simulator received, in order, with a way to wait for the ones expected. */
export interface RecordedCall {
  /** 1, 2, 3 … across all methods. */
  seq: number;
  method: string;
  /** Form fields or JSON body; `blocks`/`attachments` sent as JSON strings are parsed. */
  args: Record<string, unknown>;
  /** Whether the bearer token (or `token` field) was the bot token. */
  authorized: boolean;
  /** What the simulator answered. */
  response: Record<string, unknown>;
}

export type CallFilter = (call: RecordedCall) => boolean;

interface Waiter {
  method: string;
  count: number;
  where: CallFilter;
  resolve: (calls: RecordedCall[]) => void;
}

export class CallLog {
  private readonly calls: RecordedCall[] = [];
  private waiters: Waiter[] = [];
  private nextSeq = 1;

  record(call: Omit<RecordedCall, 'seq'>): RecordedCall {
    const recorded = { ...call, seq: this.nextSeq++ };
    this.calls.push(recorded);
    this.waiters = this.waiters.filter((w) => !this.settle(w));
    return recorded;
  }

  list(method?: string, where: CallFilter = () => true): RecordedCall[] {
    return this.calls.filter((c) => (method === undefined || c.method === method) && where(c));
  }

  /**
   * Resolves with the first `count` matching calls once they have arrived. Rejects after
   * `timeoutMs` (a safety net so a broken app fails the test instead of hanging it), naming what
   * did arrive.
   */
  waitFor(method: string, count: number, opts: { where?: CallFilter; timeoutMs?: number } = {}): Promise<RecordedCall[]> {
    const where = opts.where ?? (() => true);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { method, count, where, resolve };
      if (this.settle(waiter)) return;
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const seen = this.calls.map((c) => c.method).join(', ') || 'nothing';
        reject(new Error(`waited for ${count} ${method} call(s), got ${this.list(method, where).length}; calls so far: ${seen}`));
      }, opts.timeoutMs ?? 60_000);
      waiter.resolve = (calls) => {
        clearTimeout(timer);
        resolve(calls);
      };
      this.waiters.push(waiter);
    });
  }

  clear(): void {
    this.calls.length = 0;
  }

  private settle(w: Waiter): boolean {
    const matching = this.list(w.method, w.where);
    if (matching.length < w.count) return false;
    w.resolve(matching.slice(0, w.count));
    return true;
  }
}
