/**
 * A child process the local stack depends on, run in its own process group so that stopping it
 * stops everything it started too (serverless-offline's esbuild, worker threads' helpers). Its
 * unexpected exit is reported, never ignored.
 */
import { spawn } from 'node:child_process';

export interface ManagedChild {
  readonly pid: number;
  /** Rejects when the child exits before `stop()` was called. */
  readonly exited: Promise<never>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the child has exited. */
  stop(graceMs?: number): Promise<void>;
  /** Synchronous last resort (process 'exit' handlers): SIGKILL to the whole group. */
  killNow(): void;
}

export interface ChildOptions {
  /** Name used in messages ("serverless-offline exited with code 1"). */
  name: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Each line of the child's output goes through here (prefixing, filtering). */
  onOutput(stream: 'stdout' | 'stderr', text: string): void;
}

export class ChildExitedError extends Error {
  constructor(
    readonly childName: string,
    readonly code: number | null,
    readonly signal: NodeJS.Signals | null,
  ) {
    super(`${childName} exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`})`);
    this.name = 'ChildExitedError';
  }
}

export function startChild(command: string, args: readonly string[], options: ChildOptions): ManagedChild {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`${options.name} could not be started`);
  const pid = child.pid;
  child.stdout.on('data', (c: Buffer) => options.onOutput('stdout', c.toString()));
  child.stderr.on('data', (c: Buffer) => options.onOutput('stderr', c.toString()));
  let stopping = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => {
      if (!stopping) reject(new ChildExitedError(options.name, code, signal));
    }),
  );
  exited.catch(() => undefined);
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is gone already
    }
  };
  return {
    pid,
    exited,
    killNow: () => signalGroup('SIGKILL'),
    stop: async (graceMs = 5_000) => {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup('SIGTERM');
        const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
        await exit;
        clearTimeout(timer);
      }
      // Whatever the child started and left behind in its group goes too.
      signalGroup('SIGKILL');
    },
  };
}
