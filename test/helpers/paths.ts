import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '..', '..');

/** Read-only inputs beside the checkout; `.ci/run` sets both explicitly. */
export const MODEL_MIRROR_DIR = resolve(repoRoot, process.env.MODEL_MIRROR_DIR ?? '../shared/models');
export const TEST_IMAGES_DIR = resolve(repoRoot, process.env.TEST_IMAGES_DIR ?? '../shared/images');

export function testImage(name: string): string {
  return join(TEST_IMAGES_DIR, name);
}
