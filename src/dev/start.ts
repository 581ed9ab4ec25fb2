/**
 * `npm start`: the whole product on one machine, on 127.0.0.1 — local S3 seeded with the
 * prepared model, DynamoDB (dynalite) for Slack's event ids, the Slack simulator, a static server
 * for local pictures, both functions under serverless-offline, and the local Lex V2 runtime
 * calling the fulfilment function through the Lambda invoke API as Lex does. Ctrl-C stops it all.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createS3Client } from '../inference/s3-client';
import { WARM_UP_MARKER } from '../slack/hand-over';
import { portSetting } from '../inference/settings';
import { findModel, readCatalogue } from '../model-pipeline/catalogue';
import { ensurePreparedModel } from '../model-pipeline/prepare-model';
import { publishModel } from '../model-pipeline/publish-model';
import { terminalProgress } from '../model-pipeline/progress';
import { startFilesServer } from './files-server';
import { LambdaInvokeCodeHook } from './lex-runtime/code-hook-function';
import { startLexRuntime } from './lex-runtime/server';
import { createIdempotencyTable, startLocalDynamoDb } from './local-dynamodb';
import { startLocalS3 } from './local-s3';
import { LOCAL_SLACK_DEFAULTS } from './slack-simulator/main';
import { startSlackSimulator } from './slack-simulator/simulator';
import { createUploadsBucket, LOCAL_UPLOADS_BUCKET, webFunctionEnv } from './web-chat';

const ROOT = resolve(__dirname, '..', '..');
const SERVICE = 'whatsthat';
const STAGE = 'local';
const MODEL_BUCKET = 'whatsthat-models-local';
const IDEMPOTENCY_TABLE = 'whatsthat-local-idempotency';

export interface StackSettings {
  ports: { s3: number; http: number; lambda: number; lex: number; slackSim: number; files: number; dynamodb: number };
  filesDir: string;
  /** Extra IMAGE_FETCH_ALLOW_HOSTS from the environment, added to the stack's own. */
  allowHosts: string[];
  slack: { botToken: string; signingSecret: string; apiUrl?: string };
}

export function stackSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): StackSettings {
  const sharedImages = resolve(ROOT, '..', 'shared', 'images');
  return {
    ports: {
      s3: portSetting(env, 'S3_PORT', 4569),
      http: portSetting(env, 'HTTP_PORT', 3000),
      lambda: portSetting(env, 'LAMBDA_PORT', 3002),
      lex: portSetting(env, 'LEX_PORT', 4010),
      slackSim: portSetting(env, 'SLACK_SIM_PORT', 4020),
      files: portSetting(env, 'FILES_PORT', 4030),
      dynamodb: portSetting(env, 'DYNAMODB_PORT', 4570),
    },
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

async function main(): Promise<void> {
  const settings = stackSettingsFromEnv();
  const { ports } = settings;
  const stops: Stop[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  let stopping = false;
  const onSignal = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping …');
    void stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    // The classifier (MODEL_NAME) and the scene's optional models: detector, experts, reader.
    const entries = [findModel(process.env.MODEL_NAME), ...readCatalogue().filter((e) => e.role !== 'classifier')];
    const modelDirs: string[] = [];
    for (const entry of entries) modelDirs.push(await ensurePreparedModel(entry, { mirrorDir: process.env.MODEL_MIRROR_DIR || undefined, progress: terminalProgress }));

    const s3Dir = join(ROOT, 'build', 'local-stack', 's3');
    mkdirSync(s3Dir, { recursive: true });
    const s3 = await startLocalS3({ port: ports.s3, directory: s3Dir });
    stops.push(s3.stop);
    for (const dir of modelDirs) await publishModel(createS3Client(s3.endpoint), dir, { bucket: MODEL_BUCKET, createBucket: true, progress: terminalProgress });
    const chatUrl = `http://127.0.0.1:${ports.http}/`;
    await createUploadsBucket(createS3Client(s3.endpoint), LOCAL_UPLOADS_BUCKET, new URL(chatUrl).origin);

    const dynamo = await startLocalDynamoDb({ port: ports.dynamodb });
    stops.push(dynamo.stop);
    await createIdempotencyTable(dynamo.endpoint, IDEMPOTENCY_TABLE);

    const eventsUrl = `http://127.0.0.1:${ports.http}/slack/events`;
    const sim = await startSlackSimulator({ port: ports.slackSim, botToken: settings.slack.botToken, signingSecret: settings.slack.signingSecret, eventsUrl });
    stops.push(sim.stop);

    const files = await startFilesServer({ dir: settings.filesDir, port: ports.files });
    stops.push(files.stop);

    const lambdaEndpoint = `http://127.0.0.1:${ports.lambda}`;
    const offline = startServerlessOffline({
      MODEL_BUCKET,
      S3_ENDPOINT: s3.endpoint,
      IMAGE_FETCH_ALLOW_HOSTS: [`127.0.0.1:${ports.files}`, ...settings.allowHosts].join(','),
      SLACK_API_URL: settings.slack.apiUrl ?? sim.apiUrl,
      SLACK_BOT_TOKEN: settings.slack.botToken,
      SLACK_SIGNING_SECRET: settings.slack.signingSecret,
      IDEMPOTENCY_TABLE,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      LAMBDA_ENDPOINT: lambdaEndpoint,
      HTTP_PORT: String(ports.http),
      LAMBDA_PORT: String(ports.lambda),
      ...webFunctionEnv({ uploadsBucket: LOCAL_UPLOADS_BUCKET, lexEndpoint: `http://127.0.0.1:${ports.lex}` }),
    });
    stops.push(offline.stop);
    await Promise.race([Promise.all([waitForPort(ports.http), waitForPort(ports.lambda)]), offline.exited]);

    const lex = await startLexRuntime({
      port: ports.lex,
      host: '127.0.0.1',
      fulfilment: new LambdaInvokeCodeHook({ endpoint: lambdaEndpoint, functionName: `${SERVICE}-${STAGE}-lexFulfilment`, region: 'us-east-1' }),
    });
    stops.push(lex.stop);
    await warmUpSlackWorker(lambdaEndpoint, `${SERVICE}-${STAGE}-slackWorker`);

    console.log(`
whatsthat local stack
  chat                   ${chatUrl}
  S3 (s3rver)            ${s3.endpoint}  bucket ${MODEL_BUCKET}, models ${entries.map((e) => `${e.name}/${e.version}`).join(', ')}; uploads ${LOCAL_UPLOADS_BUCKET}
  DynamoDB (dynalite)    ${dynamo.endpoint}  table ${IDEMPOTENCY_TABLE}
  Slack events (HTTP)    ${eventsUrl}
  Lambda invoke API      ${lambdaEndpoint}  (${SERVICE}-${STAGE}-lexFulfilment, ${SERVICE}-${STAGE}-slackEvents, ${SERVICE}-${STAGE}-slackWorker, ${SERVICE}-${STAGE}-web)
  Lex V2 runtime         ${lex.endpoint}
  Slack simulator        ${sim.url}  (Web API ${sim.apiUrl})
  pictures               ${files.url}/  serving ${settings.filesDir}

try it:
  open ${chatUrl} and ask about a picture (a link such as ${files.url}/parrot.jpg, or one from your disk)
  npm run ask -- "what is in ${files.url}/parrot.jpg"
  npm run slack:post -- ${join(settings.filesDir, 'parrot.jpg')}
`);
    console.log('ready');
  } catch (e) {
    console.error(`the local stack failed to start: ${e instanceof Error ? e.message : String(e)}`);
    await stopAll();
    process.exit(1);
  }
}

function startServerlessOffline(env: Record<string, string>): { stop: Stop; exited: Promise<never> } {
  // The binary directly (not npx), in its own process group, so Ctrl-C stops all of it.
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js'), 'offline', 'start', '--stage', STAGE], {
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
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk: Buffer): string => chunk.toString().replace(/^(?=.)/gm, '[functions] ');
  child.stdout?.on('data', (c: Buffer) => process.stdout.write(prefix(c)));
  child.stderr?.on('data', (c: Buffer) => process.stderr.write(prefix(c)));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`serverless offline exited (code ${code})`))));
  exited.catch(() => undefined);
  return {
    exited,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.pid === undefined) return resolve();
        child.once('exit', () => resolve());
        process.kill(-child.pid, 'SIGTERM');
        setTimeout(() => child.pid && child.exitCode === null && process.kill(-child.pid, 'SIGKILL'), 5000).unref();
      }),
  };
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

if (require.main === module) void main();
