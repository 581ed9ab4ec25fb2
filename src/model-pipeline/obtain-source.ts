import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from '../inference/model/sha256';
import type { SourceFile } from './catalogue';
import type { Progress } from './progress';

/**
 * The mirror folder of the public model files: MODEL_MIRROR_DIR when set, else the `shared/models`
 * folder beside the checkout when the machine provides one (README: `../shared`), else none — the
 * files are downloaded. Either way every file is checked against the catalogue's sha256.
 */
export function modelMirrorDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.MODEL_MIRROR_DIR) return env.MODEL_MIRROR_DIR;
  const beside = join(__dirname, '..', '..', '..', 'shared', 'models');
  return existsSync(beside) ? beside : undefined;
}

/**
 * Gets a catalogue file from the mirror folder when one is configured (machines without
 * internet), otherwise from its public URL — and in both cases refuses it unless its sha256 is
 * the catalogue's.
 */
export async function obtainSourceFile(file: SourceFile, mirrorDir: string | undefined, progress: Progress): Promise<Uint8Array> {
  const bytes = mirrorDir ? await readFromMirror(file, mirrorDir) : await download(file.url, progress);
  const actual = sha256Hex(bytes);
  if (actual !== file.sha256) {
    throw new Error(`sha256 mismatch for ${file.url}: expected ${file.sha256}, got ${actual}`);
  }
  return bytes;
}

async function readFromMirror(file: SourceFile, mirrorDir: string): Promise<Uint8Array> {
  const path = join(mirrorDir, file.mirrorPath);
  if (!existsSync(path)) throw new Error(`MODEL_MIRROR_DIR is ${mirrorDir} but ${path} does not exist`);
  return new Uint8Array(await readFile(path));
}

export async function download(url: string, progress: Progress): Promise<Uint8Array> {
  const response = await fetch(url, { redirect: 'follow' }).catch((e: unknown) => {
    throw new Error(`could not download ${url} (${String((e as Error).cause ?? e)}); without internet, set MODEL_MIRROR_DIR to a mirror folder`);
  });
  if (!response.ok || !response.body) throw new Error(`download of ${url} failed: HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length')) || 0;
  const bar = progress.start(`download ${url.split('/').pop()}`, total);
  const chunks: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of response.body) {
    chunks.push(chunk);
    received += chunk.length;
    bar.update(received);
  }
  bar.stop();
  return new Uint8Array(Buffer.concat(chunks));
}
