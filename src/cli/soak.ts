/**
 * `npm run soak -- --json`: the fault and load battery, run against a local stack that
 * `npm start` has up (127.0.0.1 only, every wait bounded). Prints one JSON object of figures on
 * stdout and a progress bar on stderr.
 */
import '../dev/command-line';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { findModel } from '../model-pipeline/catalogue';
import { MODEL_BUCKET, stackSettingsFromEnv, type StackSettings } from '../dev/start';
import { startHostileHost } from '../dev/soak/hostile-host';
import { LexClient, type TurnResult } from '../dev/soak/lex-load';
import { pidListeningOn, rssMb } from '../dev/process-memory';
import { s3ColdStart } from '../dev/soak/s3-cold-start';
import { answersByThread, eyesRemoved, SimulatorClient, slackBurst, type Picture } from '../dev/soak/slack-load';
import { mapConcurrently, summarise } from '../dev/stats';
import { sleep } from '../inference/without-model';

const USAGE = `usage: npm run -s soak -- [--json] [--slack N] [--lex M] [--requests R] [--long-retry-after S]

Runs the fault and load battery against the local stack \`npm start\` is running (its *_PORT
settings; 127.0.0.1 only) and prints the figures:
  N concurrent Slack DM uploads (default 40) while Slack answers every 5th chat.postMessage with
  429 (Retry-After 1 s): acknowledgement p50/p95/max, answered exactly once, lost, duplicated;
  the same event redelivered, M concurrent Lex turns (default 20), a 429 with Retry-After S s
  (default 40), S3 hanging
  and down during a cold start and the recovery, a slow picture host, a 300 MB body, a
  decompression bomb, and the functions' memory over R requests (default 300).
The hostile picture host listens on SOAK_HOST_PORT (4040), which the stack allows.
--json prints one JSON object on stdout; the progress bar goes to stderr.`;

const ANSWER_TIMEOUT_MS = 120_000;

interface Options {
  slack: number;
  lex: number;
  requests: number;
  longRetryAfter: number;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean' },
      slack: { type: 'string' },
      lex: { type: 'string' },
      requests: { type: 'string' },
      'long-retry-after': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const count = (text: string | undefined, name: string, fallback: number, max: number): number => {
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got "${text}"`);
    return n;
  };
  const options: Options = {
    slack: count(values.slack, 'slack', 40, 200),
    lex: count(values.lex, 'lex', 20, 200),
    requests: count(values.requests, 'requests', 300, 2_000),
    longRetryAfter: count(values['long-retry-after'], 'long-retry-after', 40, 120),
  };
  const report = await soak(stackSettingsFromEnv(), options);
  console.log(values.json ? JSON.stringify(report) : JSON.stringify(report, null, 2));
  return 0;
}

class UsageError extends Error {}

async function soak(settings: StackSettings, o: Options): Promise<Record<string, unknown>> {
  const { ports } = settings;
  const sim = new SimulatorClient(`http://127.0.0.1:${ports.slackSim}`);
  const lex = new LexClient(`http://127.0.0.1:${ports.lex}`);
  const functionsPid = pidListeningOn(ports.lambda);
  if (functionsPid === undefined) throw new UsageError(`nothing listens on 127.0.0.1:${ports.lambda} (LAMBDA_PORT): start the stack with npm start first`);
  const workerPid = pidListeningOn(ports.worker);
  await sim.calls().catch(() => {
    throw new UsageError(`the Slack simulator does not answer on 127.0.0.1:${ports.slackSim} (SLACK_SIM_PORT): start the stack with npm start first`);
  });

  const pictures = picturesIn(settings.filesDir);
  const pictureUrl = (i: number): string => `http://127.0.0.1:${ports.files}/${pictures[i % pictures.length].name}`;
  const steps = o.slack + 1 + o.lex + 2 + 3 + o.requests + 1;
  const bar = new SingleBar({ format: 'soak [{bar}] {value}/{total} {step}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2_000 }, Presets.shades_classic);
  bar.start(steps, 0, { step: '' });
  const tick = (step: string, n = 1): void => bar.increment(n, { step });
  const host = await startHostileHost({ port: settings.soakHostPort, jpeg: pictures[0].bytes });
  const memory = { beforeMb: rssMb(functionsPid), peakMb: 0, wholeRunPeakMb: 0 };
  const sampler = setInterval(() => {
    const now = rssMb(functionsPid) ?? 0;
    memory.peakMb = Math.max(memory.peakMb, now);
    memory.wholeRunPeakMb = Math.max(memory.wholeRunPeakMb, now);
  }, 200);
  try {
    await sim.setFaults([]);
    const report: Record<string, unknown> = { stack: { host: '127.0.0.1', ports, functionsPid, workerPid } };
    // A scenario that breaks (the stack crashed, say) is reported as such; the rest still run.
    const scenario = async (name: string, run: () => Promise<unknown>): Promise<void> => {
      try {
        report[name] = await run();
      } catch (e) {
        report[name] = { error: e instanceof Error ? e.message : String(e), functionsAlive: rssMb(functionsPid) !== undefined };
      }
    };
    // The operator's worst ordinary minute: a cold stack, a burst, and Slack pushing back on every
    // 5th chat.postMessage — acknowledged within 3 s and answered exactly once all the same.
    await scenario('slackBurst', async () => {
      const rateLimit = { method: 'chat.postMessage', retryAfterSeconds: 1, every: 5 };
      await sim.setFaults([rateLimit]);
      const burst = await slackBurst(sim, Array.from({ length: o.slack }, (_, i) => pictures[i % pictures.length]), ANSWER_TIMEOUT_MS, () => tick('Slack burst, 429 on every 5th post'));
      await sim.setFaults([]);
      const first = burst.posted[0];
      report.redelivery = await redeliver(sim, first.envelopes[0], first.channel, first.ts);
      tick('redelivery');
      return { rateLimit: { every: rateLimit.every, retryAfterSeconds: rateLimit.retryAfterSeconds }, ...withoutPosted(burst) };
    });

    await scenario('lexConcurrent', async () => {
      const turns = await Promise.all(Array.from({ length: o.lex }, (_, i) => lex.turn(`what is in ${pictureUrl(i)}`).finally(() => tick('Lex turns'))));
      const failed = turns.filter((t) => !t.ok);
      return { m: o.lex, answered: turns.length - failed.length, failed: failed.length, ms: summarise(turns.map((t) => t.ms)), failures: distinct(failed.map((t) => t.reply)) };
    });

    const model = findModel(process.env.MODEL_NAME);
    const coldStartSetup = {
      s3: { host: '127.0.0.1', port: ports.s3 },
      bucket: MODEL_BUCKET,
      prefix: `models/${model.name}/${model.version}/`,
      pictureUrl: pictureUrl(0),
      allowHost: `127.0.0.1:${ports.files}`,
      remainingMs: 8_000,
    };
    await scenario('s3ColdStart', async () => {
      const hanging = await s3ColdStart('hang', coldStartSetup);
      tick('S3 hanging at a cold start');
      const down = await s3ColdStart('down', coldStartSetup);
      tick('S3 down at a cold start');
      return { hanging, down };
    });

    const hostile = async (path: string): Promise<TurnResult & { bytesSent: number }> => {
      const turn = await lex.turn(`what is in ${host.origin}${path}`);
      tick(`hostile host ${path}`);
      await sleep(200);
      return { ...turn, ms: Math.round(turn.ms), bytesSent: host.sent.get(path) ?? 0 };
    };
    await scenario('hostileLinks', async () => ({ slowHost: await hostile('/slow.jpg'), body300MB: await hostile('/huge.jpg'), decompressionBomb: await hostile('/bomb.png') }));

    await scenario('memory', async () => {
      const beforeRequestsMb = rssMb(functionsPid);
      memory.peakMb = beforeRequestsMb ?? 0;
      const sustained = await mapConcurrently(Array.from({ length: o.requests }, (_, i) => i), 4, async (i) => {
        const t = await lex.turn(`what is in ${pictureUrl(i)}`);
        tick('memory over many requests');
        return t;
      });
      return {
        requests: o.requests,
        answered: sustained.filter((t) => t.ok).length,
        ms: summarise(sustained.map((t) => t.ms)),
        // atSoakStart: before the soak's first request (models not loaded yet when the stack is fresh).
        rssMb: { atSoakStart: memory.beforeMb, beforeRequests: beforeRequestsMb, peak: memory.peakMb, after: rssMb(functionsPid), wholeRunPeak: memory.wholeRunPeakMb },
        // The Slack worker's process, after the burst (its models loaded): not part of these requests.
        workerRssMb: workerPid === undefined ? undefined : rssMb(workerPid),
      };
    });

    // Last: a Retry-After longer than the function's timeout may take the functions down.
    await scenario('slackRateLimitLong', async () => {
      await sim.setFaults([{ method: 'chat.postMessage', retryAfterSeconds: o.longRetryAfter, times: 1 }]);
      const long = await slackBurst(sim, pictures.slice(0, 1), (o.longRetryAfter + 20) * 1000, () => tick('Slack 429, long Retry-After'));
      const calls = await sim.calls();
      const { channel, ts } = long.posted[0];
      return {
        retryAfterSeconds: o.longRetryAfter,
        ...withoutPosted(long),
        reply: String(answersByThread(calls).get(`${channel}/${ts}`)?.[0]?.args.text ?? ''),
        eyesRemoved: eyesRemoved(calls, channel, ts),
        functionsAlive: rssMb(functionsPid) !== undefined,
      };
    });
    return report;
  } finally {
    clearInterval(sampler);
    bar.stop();
    await sim.setFaults([]).catch(() => undefined);
    await host.stop();
    lex.destroy();
  }
}

/** Slack retries an event it thinks was not acknowledged; the app must not answer it again. */
async function redeliver(sim: SimulatorClient, envelope: object, channel: string, ts: string): Promise<Record<string, unknown>> {
  const key = `${channel}/${ts}`;
  const before = answersByThread(await sim.calls()).get(key)?.length ?? 0;
  const delivery = await sim.redeliver(envelope, 1);
  await sleep(5_000);
  const after = answersByThread(await sim.calls()).get(key)?.length ?? 0;
  return { retryNum: 1, status: delivery.status, ackMs: Math.round(delivery.ms), answersBefore: before, answersAfter: after };
}

function withoutPosted<T extends { posted: unknown }>(r: T): Omit<T, 'posted'> {
  const copy: Partial<T> = { ...r };
  delete copy.posted;
  return copy as Omit<T, 'posted'>;
}

function distinct(texts: string[]): string[] {
  return [...new Set(texts)].slice(0, 5);
}

const PICTURE_TYPES = new Set(['.jpg', '.jpeg', '.png']);

/** The stack's served pictures (FILES_DIR), at most 40, smallest first to keep the load on answering. */
function picturesIn(dir: string): Picture[] {
  const names = readdirSync(dir).filter((n) => PICTURE_TYPES.has(extname(n).toLowerCase()));
  if (names.length === 0) throw new UsageError(`no .jpg or .png pictures in ${dir} (FILES_DIR)`);
  return names
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }))
    .sort((a, b) => a.bytes.length - b.bytes.length)
    .slice(0, 40);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof UsageError ? e.message : `soak failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
