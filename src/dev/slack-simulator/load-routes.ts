/**
 * Routes for load and fault runs (`npm run soak`): post without waiting for the answer, redeliver
 * an envelope as Slack's retries do, and set Web API faults.
 *
 *   POST   /sim/deliver    SimPostRequest → { channel, ts, envelopes, deliveries: [{ status, ms }] }
 *   POST   /sim/redeliver  { envelope, retryNum } → { status, ms }
 *   POST   /sim/faults     { faults: FaultSpec[] } → { ok }   (replaces the faults set before)
 *   DELETE /sim/faults     → { ok }
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRequestText } from '../http-body';
import type { FaultSpec } from './faults';
import type { SimPostRequest } from './sim-post';
import type { SlackSimulator } from './simulator';

export interface TimedDelivery {
  status: number;
  /** From sending the event to the app's answer: Slack wants it within 3 s. */
  ms: number;
}

export interface DeliverAnswer {
  channel: string;
  ts: string;
  envelopes: object[];
  deliveries: TimedDelivery[];
}

/** Handles the request when it is one of these routes; false otherwise. */
export async function handleLoadRoute(sim: SlackSimulator, req: IncomingMessage, url: URL, res: ServerResponse): Promise<boolean> {
  const route = `${req.method} ${url.pathname}`;
  try {
    switch (route) {
      case 'POST /sim/deliver':
        return send(res, 200, await deliver(sim, JSON.parse((await readRequestText(req)) || '{}') as SimPostRequest));
      case 'POST /sim/redeliver': {
        const { envelope, retryNum } = JSON.parse(await readRequestText(req)) as { envelope: object; retryNum?: number };
        const started = performance.now();
        const delivery = await sim.postEvent(envelope, { retryNum: retryNum ?? 1 });
        return send(res, 200, { status: delivery.status, ms: performance.now() - started });
      }
      case 'POST /sim/faults':
        // `where` is for tests in the same process only: over the wire, method, retryAfterSeconds or error, every, times.
        sim.clearFaults();
        for (const { method, retryAfterSeconds, error, every, times } of (JSON.parse(await readRequestText(req)) as { faults?: FaultSpec[] }).faults ?? []) {
          sim.failCalls({ method, retryAfterSeconds, error, every, times });
        }
        return send(res, 200, { ok: true });
      case 'DELETE /sim/faults':
        sim.clearFaults();
        return send(res, 200, { ok: true });
      default:
        return false;
    }
  } catch (e) {
    return send(res, 400, { ok: false, error: e instanceof Error ? e.message : String(e) });
  }
}

async function deliver(sim: SlackSimulator, request: SimPostRequest): Promise<DeliverAnswer> {
  const uploads = [...(request.file ? [request.file] : []), ...(request.files ?? [])];
  const files = uploads.map((f) => sim.registerFile({ name: f.name, bytes: Buffer.from(f.base64, 'base64'), mimetype: f.mimetype }));
  // One message event per post (a DM), so the time of the whole post is the one delivery's.
  const started = performance.now();
  const posted = await sim.userPosts({ channel: request.channel, text: request.text ?? '', files, mention: request.mention });
  const ms = (performance.now() - started) / Math.max(1, posted.deliveries.length);
  return { channel: posted.channel, ts: posted.ts, envelopes: posted.envelopes, deliveries: posted.deliveries.map((d) => ({ status: d.status, ms })) };
}

function send(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  return true;
}
