/**
 * Runs `serverless package` on a copy of the service in a temporary folder. serverless-esbuild
 * always builds in `<service>/.esbuild` and copies its zips through `<service>/.serverless`,
 * whatever `--package` says, so packaging the checkout itself would race with anyone packaging or
 * running the local stack there. The copy holds the files packaging reads; node_modules is linked.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Template } from './template';

const REPO_ROOT = resolve(__dirname, '..', '..');
const SERVICE_FILES = ['serverless.yml', 'serverless.web.yml', 'package.json', 'package-lock.json', 'tsconfig.json', 'src', 'bots'];
const SERVERLESS_BIN = join(REPO_ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js');
const PACKAGE_TIMEOUT_MS = 180_000;

export interface PackagedService {
  /** The `--package` folder: one zip per function and the CloudFormation templates. */
  artifactsDir: string;
  zipPath(functionKey: string): string;
  template: Template;
  /** The temporary folder holding the copy, the artifacts and anything a test unzips. */
  workDir: string;
  remove(): void;
}

/**
 * `shell`: variables the packaging shell holds on top of the deployed case — say, everything the
 * local stack sets — to show they do not reach the package.
 */
export async function packageService(stage: string, shell: Record<string, string> = {}): Promise<PackagedService> {
  const workDir = mkdtempSync(join(tmpdir(), 'whatsthat-package-'));
  try {
    const serviceDir = join(workDir, 'service');
    const artifactsDir = join(workDir, 'artifacts');
    mkdirSync(serviceDir);
    for (const file of SERVICE_FILES) cpSync(join(REPO_ROOT, file), join(serviceDir, file), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(serviceDir, 'node_modules'), 'dir');

    await run(process.execPath, [SERVERLESS_BIN, 'package', '--package', artifactsDir, '--stage', stage], serviceDir, { ...deployedCaseEnv(serviceDir), ...shell });
    const template = JSON.parse(readFileSync(join(artifactsDir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
    return {
      artifactsDir,
      zipPath: (functionKey) => join(artifactsDir, `${functionKey}.zip`),
      template,
      workDir,
      remove: () => rmSync(workDir, { recursive: true, force: true }),
    };
  } catch (e) {
    rmSync(workDir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * This process's environment without any variable serverless.yml reads (`${env:…}`): the package
 * then holds the deployed defaults — SSM references for the Slack secrets, no local endpoints —
 * whatever the shell running the tests has set. The rest (PATH, npm's registry and proxy
 * settings) stays: the plugin installs sharp with npm.
 */
function deployedCaseEnv(serviceDir: string): NodeJS.ProcessEnv {
  const yml = readFileSync(join(serviceDir, 'serverless.yml'), 'utf8');
  const read = new Set([...yml.matchAll(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !read.has(name)));
  return { ...env, SLS_TELEMETRY_DISABLED: '1' };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), PACKAGE_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else reject(new Error(`serverless package ended with ${signal ?? `exit code ${code}`}:\n${output}`));
    });
  });
}
