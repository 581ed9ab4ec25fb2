/**
 * One packaged function, unzipped into its own folder and started in a child process with the
 * environment Lambda would give it: the variables its CloudFormation definition declares (local
 * values only where the template holds a reference), the runtime's own variables, and nothing from
 * this process — no NODE_PATH, no repository on any lookup path.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import type { FunctionDefinition } from './template';

export interface UnzippedFunction {
  /** Milliseconds from starting the process to the first invocation's answer (informational). */
  readonly firstAnswerMs: number | undefined;
  /** Invokes the handler as Lambda does (the event as JSON), resolving with its result. */
  invoke(event: unknown): Promise<unknown>;
  /**
   * The module files the process has loaded: paths relative to the unzipped folder for those
   * inside it, absolute paths for any from elsewhere.
   */
  loadedModules(): Promise<string[]>;
  /** Everything the handler wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

type HostMessage =
  | { type: 'ready' }
  | { type: 'init-error'; error: HostError }
  | { type: 'result'; id: number; result?: unknown; error?: HostError }
  | { type: 'modules'; id: number; files: string[] };

interface HostError {
  name: string;
  message: string;
  stack?: string;
}

const HOST_SCRIPT = join(__dirname, 'lambda-host.js');
const REGION = 'us-east-1';

/**
 * Settings that exist only in the local stage (serverless.yml custom.localOnlySettings), and the
 * SDK's endpoint for SSM: the way a function reaches the local stand-ins for AWS and Slack, which
 * the deployed template leaves out.
 */
const STAND_IN_SETTINGS = new Set(['IMAGE_FETCH_ALLOW_HOSTS', 'S3_ENDPOINT', 'SLACK_API_URL', 'DYNAMODB_ENDPOINT', 'LAMBDA_ENDPOINT', 'AWS_ENDPOINT_URL_SSM']);

/**
 * The variables of the function's template definition, with `local` filling in what a deployment
 * would resolve (references), plus `standIns` pointing it at the local stand-ins. Any other
 * variable the template does not declare is refused: the deployed function would not have it.
 */
export function lambdaEnvironment(fn: FunctionDefinition, local: Record<string, string>, standIns: Record<string, string> = {}): Record<string, string> {
  const declared = fn.environment;
  const undeclared = Object.keys(local).filter((name) => !(name in declared));
  if (undeclared.length > 0) throw new Error(`${fn.logicalId} does not declare ${undeclared.join(', ')} in its template environment`);
  const notStandIns = Object.keys(standIns).filter((name) => !STAND_IN_SETTINGS.has(name));
  if (notStandIns.length > 0) throw new Error(`${notStandIns.join(', ')}: not a setting that points at a local stand-in`);
  const env: Record<string, string> = { ...standIns };
  for (const [name, value] of Object.entries(declared)) {
    if (name in local) env[name] = local[name];
    else if (typeof value === 'string') env[name] = value;
    else throw new Error(`${fn.logicalId}: ${name} is ${JSON.stringify(value)} in the template; give it a local value`);
  }
  return env;
}

/** The variables the Lambda Node.js runtime sets itself (NODE_PATH deliberately left out). */
function runtimeEnvironment(fn: FunctionDefinition, taskRoot: string): Record<string, string> {
  return {
    _HANDLER: fn.handler,
    LAMBDA_TASK_ROOT: taskRoot,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    // The role's temporary credentials, which Lambda puts here; the stand-ins take any.
    AWS_ACCESS_KEY_ID: 'role-access-key-stand-in',
    AWS_SECRET_ACCESS_KEY: 'role-secret-key-stand-in',
    AWS_SESSION_TOKEN: 'role-session-token-stand-in',
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    PATH: '/usr/local/bin:/usr/bin:/bin',
    WHATSTHAT_FUNCTION_TIMEOUT_MS: String(fn.timeoutSeconds * 1000),
  };
}

export async function startUnzippedFunction(fn: FunctionDefinition, taskRoot: string, functionEnv: Record<string, string>): Promise<UnzippedFunction> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [HOST_SCRIPT], {
    cwd: taskRoot,
    env: { ...functionEnv, ...runtimeEnvironment(fn, taskRoot) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));

  const pending = new Map<number, { resolve: (message: HostMessage) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let firstAnswerMs: number | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    for (const { reject } of pending.values()) reject(new Error(`the function's process ended (${signal ?? code}) before answering; its output:\n${output}`));
    pending.clear();
  });
  child.on('message', (message: HostMessage) => {
    if (message.type !== 'result' && message.type !== 'modules') return;
    pending.get(message.id)?.resolve(message);
    pending.delete(message.id);
  });

  await ready(child, () => output).catch((e: unknown) => {
    child.kill('SIGKILL');
    throw e;
  });

  const request = (message: Record<string, unknown>): Promise<HostMessage> => {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      child.send({ ...message, id });
    });
  };

  return {
    get firstAnswerMs() {
      return firstAnswerMs;
    },
    async invoke(event) {
      const answer = await request({ type: 'invoke', event, requestId: `00000000-0000-4000-8000-${String(nextId).padStart(12, '0')}` });
      firstAnswerMs ??= performance.now() - startedAt;
      if (answer.type !== 'result') throw new Error(`unexpected answer ${answer.type}`);
      if (answer.error !== undefined) throw new Error(`the handler threw ${answer.error.name}: ${answer.error.message}\n${answer.error.stack ?? ''}\nits output:\n${output}`);
      return answer.result;
    },
    async loadedModules() {
      const answer = await request({ type: 'modules' });
      if (answer.type !== 'modules') throw new Error(`unexpected answer ${answer.type}`);
      return answer.files;
    },
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.disconnect();
        const stopped = await Promise.race([exited.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 5_000).unref())]);
        if (!stopped) child.kill('SIGKILL');
      }
      await exited;
    },
  };
}

function ready(child: ChildProcess, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the function's process ended (${code}) while loading; its output:\n${output()}`));
    child.once('exit', onExit);
    child.once('message', (message: HostMessage) => {
      child.off('exit', onExit);
      if (message.type === 'ready') resolve();
      else if (message.type === 'init-error') reject(new Error(`the handler failed to load: ${message.error.message}\n${message.error.stack ?? ''}\nits output:\n${output()}`));
      else reject(new Error(`unexpected first message ${message.type}`));
    });
  });
}
