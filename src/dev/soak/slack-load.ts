/**
 * Slack load through the simulator of a running local stack: N people post a picture each at
 * once, and the simulator's recorded Web API calls say what the bot answered, and how often.
 */
import type { RecordedCall } from '../slack-simulator/call-log';
import type { DeliverAnswer } from '../slack-simulator/load-routes';
import type { FaultSpec } from '../slack-simulator/faults';
import { sleep } from '../../inference/without-model';
import { summarise, type LatencySummary } from '../stats';

export interface Picture {
  name: string;
  bytes: Uint8Array;
}

export interface BurstResult {
  n: number;
  ackMs: LatencySummary;
  /** Deliveries answered 2xx within Slack's 3 s. */
  acknowledgedWithin3s: number;
  /** Deliveries the app answered with something other than 2xx (Slack would retry them). */
  rejected: number;
  answeredExactlyOnce: number;
  lost: number;
  duplicated: number;
  /** From the first post to the last answer. */
  allAnsweredMs: number;
  /** Slack Web API calls answered 429 on the way. */
  rateLimited: number;
}

export class SimulatorClient {
  constructor(readonly url: string) {}

  async deliver(picture: Picture): Promise<DeliverAnswer> {
    return this.json<DeliverAnswer>('POST', '/sim/deliver', { files: [{ name: picture.name, base64: Buffer.from(picture.bytes).toString('base64') }] });
  }

  redeliver(envelope: object, retryNum: number): Promise<{ status: number; ms: number }> {
    return this.json('POST', '/sim/redeliver', { envelope, retryNum });
  }

  setFaults(faults: FaultSpec[]): Promise<unknown> {
    return faults.length === 0 ? this.json('DELETE', '/sim/faults') : this.json('POST', '/sim/faults', { faults });
  }

  async calls(): Promise<RecordedCall[]> {
    return (await this.json<{ calls: RecordedCall[] }>('GET', '/sim/calls')).calls;
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`simulator ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
}

/** The bot's successful answers (chat.postMessage ok) in the thread of each message. */
export function answersByThread(calls: readonly RecordedCall[]): Map<string, RecordedCall[]> {
  const out = new Map<string, RecordedCall[]>();
  for (const c of calls) {
    if (c.method !== 'chat.postMessage' || c.response.ok !== true) continue;
    const key = `${String(c.args.channel)}/${String(c.args.thread_ts)}`;
    out.set(key, [...(out.get(key) ?? []), c]);
  }
  return out;
}

/** Whether 👀 was taken off each message (the bot's last step, whatever happened). */
export function eyesRemoved(calls: readonly RecordedCall[], channel: string, ts: string): boolean {
  return calls.some((c) => c.method === 'reactions.remove' && c.args.channel === channel && c.args.timestamp === ts && c.response.ok === true);
}

/** Posts `pictures` at once (one DM each) and waits up to `answerTimeoutMs` for every answer. */
export async function slackBurst(sim: SimulatorClient, pictures: readonly Picture[], answerTimeoutMs: number, onProgress: () => void): Promise<BurstResult & { posted: DeliverAnswer[] }> {
  const before = (await sim.calls()).length;
  const started = performance.now();
  const posted = await Promise.all(
    pictures.map(async (p) => {
      const d = await sim.deliver(p);
      onProgress();
      return d;
    }),
  );
  const deliveries = posted.flatMap((p) => p.deliveries);
  const keys = posted.map((p) => `${p.channel}/${p.ts}`);
  const deadline = Date.now() + answerTimeoutMs;
  let calls = (await sim.calls()).slice(before);
  let lastAnswerAt = performance.now();
  let answered = 0;
  for (;;) {
    const byThread = answersByThread(calls);
    const now = keys.filter((k) => byThread.has(k)).length;
    if (now !== answered) lastAnswerAt = performance.now();
    answered = now;
    if (answered === keys.length || Date.now() > deadline) break;
    await sleep(250);
    calls = (await sim.calls()).slice(before);
  }
  // Late duplicates show up shortly after the answers; look once more after a pause.
  await sleep(2_000);
  calls = (await sim.calls()).slice(before);
  const byThread = answersByThread(calls);
  const counts = keys.map((k) => byThread.get(k)?.length ?? 0);
  return {
    n: pictures.length,
    ackMs: summarise(deliveries.map((d) => d.ms)),
    acknowledgedWithin3s: deliveries.filter((d) => d.status >= 200 && d.status < 300 && d.ms <= 3_000).length,
    rejected: deliveries.filter((d) => d.status < 200 || d.status >= 300).length,
    answeredExactlyOnce: counts.filter((c) => c === 1).length,
    lost: counts.filter((c) => c === 0).length,
    duplicated: counts.filter((c) => c > 1).length,
    allAnsweredMs: Math.round(lastAnswerAt - started),
    rateLimited: calls.filter((c) => c.response.error === 'ratelimited').length,
    posted,
  };
}
