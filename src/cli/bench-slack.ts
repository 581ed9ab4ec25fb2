/**
 * The Slack functions' cold starts, measured separately as they run separately: the receiver
 * (new process → first acknowledgement of a signed event; no model) and the worker (new process →
 * the model loaded from local S3 → the first job answered in the simulator's thread). Each child
 * is a bundle of its own, like the deployed zips; DynamoDB is dynalite, Slack is the simulator,
 * and Lambda's Invoke API (the receiver's hand-over) a stand-in that queues nothing.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { createIdempotencyTable, startLocalDynamoDb } from '../dev/local-dynamodb';
import { envelope, messageEvent, signature } from '../dev/slack-simulator/events';
import { startSlackSimulator } from '../dev/slack-simulator/simulator';
import { SLACK_JOB_MARKER } from '../slack/hand-over';
import { oneDecimal } from '../dev/stats';

const execFileAsync = promisify(execFile);
const BOT_TOKEN = 'xoxb-bench-token';
const SIGNING_SECRET = 'bench-signing-secret';
const TABLE = 'whatsthat-bench-idempotency';
const WORKER_FUNCTION = 'whatsthat-bench-slackWorker';

export interface SlackColdStarts {
  receiver: { coldStartMs: number; peakRssMb: number; bundleKb: number };
  worker: { coldStartMs: number; peakRssMb: number; bundleKb: number };
}

export async function slackColdStarts(opts: { buildDir: string; photoPath: string; modelBucket: string; s3Endpoint: string; wasmDir: string }): Promise<SlackColdStarts> {
  mkdirSync(opts.buildDir, { recursive: true });
  const [receiverChild, workerChild] = await Promise.all([
    bundle(join(__dirname, 'bench-receiver-cold-start.ts'), join(opts.buildDir, 'receiver-cold-start.js')),
    bundle(join(__dirname, 'bench-worker-cold-start.ts'), join(opts.buildDir, 'worker-cold-start.js')),
  ]);
  const sim = await startSlackSimulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  const dynamo = await startLocalDynamoDb();
  const invokeApi = await startAcceptingInvokeApi();
  try {
    await createIdempotencyTable(dynamo.endpoint, TABLE);
    const common = {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: sim.apiUrl,
      IDEMPOTENCY_TABLE: TABLE,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      LOG_LEVEL: 'warn',
      POWERTOOLS_METRICS_DISABLED: 'true',
    };

    const file = sim.registerFile({ path: opts.photoPath });
    const message = envelope(sim.workspace, messageEvent(sim.workspace, { files: [file] }));
    const body = JSON.stringify(message);
    const timestamp = Math.floor(Date.now() / 1000);
    const eventPath = join(opts.buildDir, 'receiver-event.json');
    writeFileSync(eventPath, JSON.stringify(apiGatewayEvent(body, { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature(SIGNING_SECRET, timestamp, body) })));
    const receiver = await runChild(receiverChild.outfile, eventPath, {
      ...common,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_WORKER_FUNCTION: WORKER_FUNCTION,
      LAMBDA_ENDPOINT: invokeApi.endpoint,
    });
    if (receiver.statusCode !== 200) throw new Error(`the receiver answered ${String(receiver.statusCode)}, not 200`);

    const jobPath = join(opts.buildDir, 'worker-job.json');
    writeFileSync(jobPath, JSON.stringify({ [SLACK_JOB_MARKER]: 1, envelope: message }));
    const worker = await runChild(workerChild.outfile, jobPath, { ...common, MODEL_BUCKET: opts.modelBucket, S3_ENDPOINT: opts.s3Endpoint, TFJS_WASM_DIR: opts.wasmDir });
    if (sim.answersTo(message.event.channel, message.event.ts).length !== 1) throw new Error('the worker did not answer the job in the thread');

    return {
      receiver: { coldStartMs: oneDecimal(receiver.coldStartMs), peakRssMb: oneDecimal(receiver.peakRssMb), bundleKb: receiverChild.kb },
      worker: { coldStartMs: oneDecimal(worker.coldStartMs), peakRssMb: oneDecimal(worker.peakRssMb), bundleKb: workerChild.kb },
    };
  } finally {
    await Promise.all([sim.stop(), dynamo.stop(), invokeApi.stop()]);
  }
}

async function bundle(entry: string, outfile: string): Promise<{ outfile: string; kb: number }> {
  // As serverless.yml's custom.esbuild bundles a function.
  const result = await build({ entryPoints: [entry], outfile, bundle: true, minify: true, keepNames: true, platform: 'node', target: 'node20', external: ['sharp'], metafile: true, logLevel: 'error' });
  return { outfile, kb: oneDecimal(result.metafile.outputs[Object.keys(result.metafile.outputs).find((o) => o.endsWith('.js'))!].bytes / 1024) };
}

async function runChild(script: string, input: string, env: Record<string, string>): Promise<{ coldStartMs: number; peakRssMb: number; statusCode?: number }> {
  const { stdout } = await execFileAsync(process.execPath, [script, input], { env: { ...process.env, ...env } });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { coldStartMs: number; peakRssMb: number; statusCode?: number };
}

/** Lambda's Invoke API answering 202 to every asynchronous invocation, and keeping nothing. */
async function startAcceptingInvokeApi(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(202).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The API Gateway (payload 1.0) event of wire-formats.md §4.8. */
function apiGatewayEvent(body: string, headers: Record<string, string>): Record<string, unknown> {
  return {
    httpMethod: 'POST',
    path: '/slack/events',
    resource: '/slack/events',
    headers: { 'content-type': 'application/json', ...headers },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: { requestId: 'bench', httpMethod: 'POST', path: '/slack/events' },
    isBase64Encoded: false,
    body,
  };
}
