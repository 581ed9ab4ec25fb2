import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '..', '..');

/** Read-only inputs beside the checkout; `.ci/run` sets both explicitly. */
export const MODEL_MIRROR_DIR = resolve(repoRoot, process.env.MODEL_MIRROR_DIR ?? '../shared/models');
export const TEST_IMAGES_DIR = resolve(repoRoot, process.env.TEST_IMAGES_DIR ?? '../shared/images');

export function testImage(name: string): string {
  return join(TEST_IMAGES_DIR, name);
}

/**
 * How package.json runs the long-lived servers (`npm start`, `lex:local`): node loading tsx
 * in-process, so a signal reaches the server itself — tsx's CLI relays it and kills the server
 * when the hand-over takes longer than 60 ms, which a loaded machine exceeds.
 */
export const NODE_WITH_TSX = ['--import', 'tsx'];
