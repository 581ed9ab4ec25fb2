import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type BackendName = 'wasm' | 'cpu';

const WASM_FILE = 'tfjs-backend-wasm-simd.wasm';

/**
 * The wasm binaries sit beside the bundle in a Lambda (the build copies them there) and in the
 * package's dist folder when running from source. Node cannot fetch file:// URLs, so the
 * backend must be told the folder.
 */
function wasmDirectory(): string {
  if (process.env.TFJS_WASM_DIR) return process.env.TFJS_WASM_DIR;
  if (existsSync(join(__dirname, WASM_FILE))) return __dirname;
  return dirname(require.resolve(`@tensorflow/tfjs-backend-wasm/dist/${WASM_FILE}`));
}

let selected: Promise<BackendName> | undefined;

/**
 * Selects the TF.js backend once per process. A failure is an error, never a silent fallback to
 * the cpu backend (about 30 times slower).
 */
export function useBackend(name: BackendName = 'wasm'): Promise<BackendName> {
  selected ??= (async () => {
    if (name === 'wasm') {
      // Threads do not work in Node; SIMD does.
      setWasmPaths(wasmDirectory().replace(/\/?$/, '/'));
    } else {
      // Registered only when asked for (the benchmark): bundlers drop a bare side-effect import.
      await import('@tensorflow/tfjs-backend-cpu');
    }
    if (!(await tf.setBackend(name))) throw new Error(`the TF.js ${name} backend failed to initialise`);
    await tf.ready();
    return name;
  })().catch((e: unknown) => {
    selected = undefined;
    throw e;
  });
  return selected.then((active) => {
    if (active !== name) throw new Error(`TF.js backend ${active} is already active; cannot switch to ${name} in this process`);
    return active;
  });
}
