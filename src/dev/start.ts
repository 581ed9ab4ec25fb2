/**
 * `npm start`: the whole product on one machine, on 127.0.0.1 — local S3 seeded with the
 * prepared model, DynamoDB (dynalite) for Slack's event ids, the Slack simulator, a static server
 * for local pictures, the functions under serverless-offline (the Slack worker in a second
 * serverless-offline process), and the local Lex V2 runtime calling the fulfilment function
 * through the Lambda invoke API as Lex does. Every port is checked first; Ctrl-C, SIGTERM or a
 * closed terminal (SIGHUP) stops it all, and so does either serverless-offline process dying (exit code 1).
 */
import { answerHelp } from './command-line';
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createS3Client } from '../inference/s3-client';
import { WARM_UP_MARKER } from '../slack/hand-over';
import { portSetting } from '../inference/settings';
import { findModel, readCatalogue } from '../model-pipeline/catalogue';
import { modelMirrorDir } from '../model-pipeline/obtain-source';
import { ensurePreparedModel } from '../model-pipeline/prepare-model';
import { publishModel } from '../model-pipeline/publish-model';
import { terminalProgress } from '../model-pipeline/progress';
import { startFilesServer } from './files-server';
import { LambdaInvokeCodeHook } from './lex-runtime/code-hook-function';
import { startLexRuntime } from './lex-runtime/server';
import { createIdempotencyTable, startLocalDynamoDb } from './local-dynamodb';
import { startLocalS3 } from './local-s3';
import { checkPortsFree, type PortClaim } from './ports';
import { startChild, type ManagedChild } from './process-tree';
import { LOCAL_SLACK_DEFAULTS } from './slack-simulator/main';
import { startSlackSimulator } from './slack-simulator/simulator';
import { createUploadsBucket, LOCAL_UPLOADS_BUCKET, webFunctionEnv } from './web-chat';

const ROOT = resolve(__dirname, '..', '..');
const SERVICE = 'whatsthat';
const STAGE = 'local';
export const MODEL_BUCKET = 'whatsthat-models-local';
const IDEMPOTENCY_TABLE = 'whatsthat-local-idempotency';

export interface StackSettings {
  ports: { s3: number; http: number; lambda: number; worker: number; lex: number; slackSim: number; files: number; dynamodb: number };
  filesDir: string;
  /** Where `npm run soak` serves its hostile pictures; allowed past the private-address refusal. */
  soakHostPort: number;
  /** Extra IMAGE_FETCH_ALLOW_HOSTS from the environment, added to the stack's own. */
  allowHosts: string[];
  slack: { botToken: string; signingSecret: string; apiUrl?: string };
}

/** The ports `npm run ask` and `npm run slack:post` reach without being told. */
const DEFAULT_LEX_PORT = 4010;
const DEFAULT_SLACK_SIM_PORT = 4020;

export function stackSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): StackSettings {
  const sharedImages = resolve(ROOT, '..', 'shared', 'images');
  return {
    ports: {
      s3: portSetting(env, 'S3_PORT', 4569),
      http: portSetting(env, 'HTTP_PORT', 3000),
      lambda: portSetting(env, 'LAMBDA_PORT', 3002),
      worker: portSetting(env, 'WORKER_LAMBDA_PORT', 3003),
      lex: portSetting(env, 'LEX_PORT', DEFAULT_LEX_PORT),
      slackSim: portSetting(env, 'SLACK_SIM_PORT', DEFAULT_SLACK_SIM_PORT),
      files: portSetting(env, 'FILES_PORT', 4030),
      dynamodb: portSetting(env, 'DYNAMODB_PORT', 4570),
    },
    soakHostPort: portSetting(env, 'SOAK_HOST_PORT', 4040),
    filesDir: resolve(env.FILES_DIR || env.TEST_IMAGES_DIR || (existsSync(sharedImages) ? sharedImages : process.cwd())),
    allowHosts: (env.IMAGE_FETCH_ALLOW_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean),
    slack: {
      botToken: env.SLACK_BOT_TOKEN || LOCAL_SLACK_DEFAULTS.botToken,
      signingSecret: env.SLACK_SIGNING_SECRET || LOCAL_SLACK_DEFAULTS.signingSecret,
      apiUrl: env.SLACK_API_URL || undefined,
    },
  };
}

type Stop = () => Promise<void>;

/** The longest a stop may take: serverless-offline gets 5 s before SIGKILL, the rest is quick. */
const STOP_DEADLINE_MS = 10_000;

const PORT_VARIABLES: Record<keyof StackSettings['ports'], string> = {
  s3: 'S3_PORT',
  http: 'HTTP_PORT',
  lambda: 'LAMBDA_PORT',
  worker: 'WORKER_LAMBDA_PORT',
  lex: 'LEX_PORT',
  slackSim: 'SLACK_SIM_PORT',
  files: 'FILES_PORT',
  dynamodb: 'DYNAMODB_PORT',
};

export function portClaims(ports: StackSettings['ports']): PortClaim[] {
  return (Object.keys(PORT_VARIABLES) as Array<keyof StackSettings['ports']>).map((key) => ({ variable: PORT_VARIABLES[key], port: ports[key] }));
}

/** Everything started so far, stopped in reverse order; once only, whoever asks first. */
function stopList(): { add(stop: Stop): void; stopAll(): Promise<void> } {
  const stops: Stop[] = [];
  let stopping: Promise<void> | undefined;
  return {
    // Something that finished starting after the stop began is stopped at once.
    add: (stop) => void (stopping ? stop().catch(() => undefined) : stops.push(stop)),
    stopAll: () =>
      (stopping ??= (async () => {
        for (const stop of stops.reverse()) await stop().catch(() => undefined);
      })()),
  };
}

async function main(): Promise<void> {
  // A closed terminal (SIGHUP) must not turn a log line into a crash that skips the clean-up.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  const settings = stackSettingsFromEnv();
  const { ports } = settings;
  const stack = stopList();
  const shutDown = (message: string, code: number): void => {
    console.log(message);
    // A server that will not close in time does not keep the stack alive; the 'exit' handler
    // still takes the serverless-offline process groups down.
    setTimeout(() => process.exit(code), STOP_DEADLINE_MS).unref();
    void stack.stopAll().then(() => process.exit(code));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutDown(`\n${signal}: stopping …`, 0));

  try {
    await checkPortsFree(portClaims(ports));
    // The classifier (MODEL_NAME) and the scene's optional models: detector, experts, reader.
    const entries = [findModel(process.env.MODEL_NAME), ...readCatalogue().filter((e) => e.role !== 'classifier')];
    const modelDirs: string[] = [];
    for (const entry of entries) modelDirs.push(await ensurePreparedModel(entry, { mirrorDir: modelMirrorDir(), progress: terminalProgress }));

    const s3Dir = join(ROOT, 'build', 'local-stack', 's3');
    mkdirSync(s3Dir, { recursive: true });
    const s3 = await startLocalS3({ port: ports.s3, directory: s3Dir });
    stack.add(s3.stop);
    for (const dir of modelDirs) await publishModel(createS3Client(s3.endpoint), dir, { bucket: MODEL_BUCKET, createBucket: true, progress: terminalProgress });
    const chatUrl = `http://127.0.0.1:${ports.http}/`;
    await createUploadsBucket(createS3Client(s3.endpoint), LOCAL_UPLOADS_BUCKET, new URL(chatUrl).origin);

    const dynamo = await startLocalDynamoDb({ port: ports.dynamodb });
    stack.add(dynamo.stop);
    await createIdempotencyTable(dynamo.endpoint, IDEMPOTENCY_TABLE);

    const eventsUrl = `http://127.0.0.1:${ports.http}/slack/events`;
    const sim = await startSlackSimulator({ port: ports.slackSim, botToken: settings.slack.botToken, signingSecret: settings.slack.signingSecret, eventsUrl });
    stack.add(sim.stop);

    const files = await startFilesServer({ dir: settings.filesDir, port: ports.files });
    stack.add(files.stop);

    const lambdaEndpoint = `http://127.0.0.1:${ports.lambda}`;
    const workerEndpoint = `http://127.0.0.1:${ports.worker}`;
    const functionsEnv = {
      MODEL_BUCKET,
      S3_ENDPOINT: s3.endpoint,
      IMAGE_FETCH_ALLOW_HOSTS: [`127.0.0.1:${ports.files}`, `127.0.0.1:${settings.soakHostPort}`, ...settings.allowHosts].join(','),
      SLACK_API_URL: settings.slack.apiUrl ?? sim.apiUrl,
      SLACK_BOT_TOKEN: settings.slack.botToken,
      SLACK_SIGNING_SECRET: settings.slack.signingSecret,
      IDEMPOTENCY_TABLE,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      // The receiver hands its jobs to the worker's process.
      LAMBDA_ENDPOINT: workerEndpoint,
      HTTP_PORT: String(ports.http),
      ...webFunctionEnv({ uploadsBucket: LOCAL_UPLOADS_BUCKET, lexEndpoint: `http://127.0.0.1:${ports.lex}` }),
    };
    // Two serverless-offline processes, as Lambda runs the receiver and the worker in containers
    // of their own: a burst of pictures keeps the worker's event loop busy with the models, and
    // the receiver must still acknowledge each event within Slack's 3 seconds.
    const offline = startServerlessOffline('functions', { ...functionsEnv, LOCAL_FUNCTIONS: 'lexFulfilment,slackEvents,web', LAMBDA_PORT: String(ports.lambda) });
    const worker = startServerlessOffline('worker', { ...functionsEnv, LOCAL_FUNCTIONS: 'slackWorker', LAMBDA_PORT: String(ports.worker), ESBUILD_WORK_FOLDER: '.esbuild-worker' });
    for (const child of [offline, worker]) {
      stack.add(() => child.stop());
      process.on('exit', () => child.killNow());
    }
    const dead = Promise.race([offline.exited, worker.exited]);
    await Promise.race([Promise.all([waitForPort(ports.http), waitForPort(ports.lambda), waitForPort(ports.worker)]), dead]);

    const lex = await startLexRuntime({
      port: ports.lex,
      host: '127.0.0.1',
      fulfilment: new LambdaInvokeCodeHook({ endpoint: lambdaEndpoint, functionName: `${SERVICE}-${STAGE}-lexFulfilment`, region: 'us-east-1' }),
    });
    stack.add(lex.stop);
    await Promise.race([warmUpSlackWorker(workerEndpoint, `${SERVICE}-${STAGE}-slackWorker`), dead]);

    console.log(`
whatsthat local stack
  chat                   ${chatUrl}
  S3 (s3rver)            ${s3.endpoint}  bucket ${MODEL_BUCKET}, models ${entries.map((e) => `${e.name}/${e.version}`).join(', ')}; uploads ${LOCAL_UPLOADS_BUCKET}
  DynamoDB (dynalite)    ${dynamo.endpoint}  table ${IDEMPOTENCY_TABLE}
  Slack events (HTTP)    ${eventsUrl}
  Lambda invoke API      ${lambdaEndpoint}  (${SERVICE}-${STAGE}-lexFulfilment, ${SERVICE}-${STAGE}-slackEvents, ${SERVICE}-${STAGE}-web)
  Slack worker (Lambda)  ${workerEndpoint}  (${SERVICE}-${STAGE}-slackWorker, a process of its own)
  Lex V2 runtime         ${lex.endpoint}
  Slack simulator        ${sim.url}  (Web API ${sim.apiUrl})
  pictures               ${files.url}/  serving ${settings.filesDir}

try it:
  open ${chatUrl} and ask about a picture (a link such as ${files.url}/parrot.jpg, or one from your disk)
  ${ports.lex === DEFAULT_LEX_PORT ? '' : `LEX_ENDPOINT=${lex.endpoint} `}npm run ask -- "what is in ${files.url}/parrot.jpg"
  ${ports.slackSim === DEFAULT_SLACK_SIM_PORT ? '' : `SLACK_SIM_PORT=${ports.slackSim} `}npm run slack:post -- ${join(settings.filesDir, 'parrot.jpg')}
`);
    console.log('ready');
    // A stack with dead functions is not running: say so and stop the rest.
    await dead.catch((e: Error) => shutDown(`${e.message} — the local stack is stopping`, 1));
  } catch (e) {
    console.error(`the local stack failed to start: ${e instanceof Error ? e.message : String(e)}`);
    await stack.stopAll();
    process.exit(1);
  }
}

function startServerlessOffline(role: 'functions' | 'worker', env: Record<string, string>): ManagedChild {
  // The binary directly (not npx), in its own process group, so stopping it stops all of it.
  return startChild(process.execPath, [join(ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js'), 'offline', 'start', '--stage', STAGE], {
    name: role === 'functions' ? 'serverless-offline (the functions)' : 'serverless-offline (the Slack worker)',
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      SLS_TELEMETRY_DISABLED: '1',
      // The SDK's notice about Node 20 would repeat at every cold start of every function.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Local servers accept any credentials; real ones must not leave this machine.
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: 'us-east-1',
    },
    onOutput: (stream, text) => (stream === 'stdout' ? process.stdout : process.stderr).write(text.replace(/^(?=.)/gm, `[${role}] `)),
  });
}

/** What Lambda's init phase does, before the first burst of Slack events (see worker-handler.ts). */
async function warmUpSlackWorker(endpoint: string, functionName: string): Promise<void> {
  const lambda = new LambdaClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify({ [WARM_UP_MARKER]: 1 })) }));
  } finally {
    lambda.destroy();
  }
}

async function waitForPort(port: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`nothing answered on 127.0.0.1:${port} within ${timeoutMs / 1000} s`);
}

const USAGE = `usage: npm start

Runs the whole product on 127.0.0.1: local S3 with the prepared model, DynamoDB, the Slack
simulator, a picture server for FILES_DIR, the functions under serverless-offline (the Slack
worker in a process of its own) and the local Lex V2 runtime. Prints the endpoints and "ready";
Ctrl-C stops it all. Ports: S3_PORT (4569), HTTP_PORT (3000), LAMBDA_PORT (3002),
WORKER_LAMBDA_PORT (3003), LEX_PORT (4010), SLACK_SIM_PORT (4020), FILES_PORT (4030),
DYNAMODB_PORT (4570). Settings such as LOG_LEVEL or IMAGE_MAX_BYTES are passed to the functions.`;

if (require.main === module) {
  answerHelp(USAGE);
  void main();
}
