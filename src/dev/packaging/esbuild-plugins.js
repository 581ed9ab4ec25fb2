// Loaded by serverless-esbuild (custom.esbuild.plugins in serverless.yml), which needs plain JS.
// The TF.js wasm backend loads its .wasm binaries from the folder it is told at run time
// (src/inference/model/tf-backend.ts looks beside the bundle first), so each bundle gets a copy.
const { copyFileSync, mkdirSync } = require('node:fs');
const { dirname, join } = require('node:path');

const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

const copyTfjsWasm = {
  name: 'copy-tfjs-wasm',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      const outdir = build.initialOptions.outdir ?? dirname(build.initialOptions.outfile);
      const source = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
      // Entry points keep their source folders under outdir (src/lex/handler.js …): copy beside each.
      const entryDirs = new Set(
        (build.initialOptions.entryPoints ?? []).map((entry) => dirname(typeof entry === 'string' ? entry : entry.in)),
      );
      for (const dir of entryDirs.size > 0 ? entryDirs : ['.']) {
        const target = join(outdir, dir);
        mkdirSync(target, { recursive: true });
        for (const file of WASM_FILES) copyFileSync(join(source, file), join(target, file));
      }
    });
  },
};

module.exports = [copyTfjsWasm];
