// Loaded by serverless-esbuild (custom.esbuild.plugins in serverless.yml), which needs plain JS.
// The TF.js wasm backend loads its .wasm binaries from the folder it is told at run time
// (src/inference/model/tf-backend.ts looks beside the bundle first), so each bundle that contains
// the backend gets a copy (the Slack receiver does not).
const { copyFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

const copyTfjsWasm = {
  name: 'copy-tfjs-wasm',
  setup(build) {
    // The metafile names each entry point's output, wherever the plugin put its outdir.
    build.initialOptions.metafile = true;
    build.onEnd((result) => {
      if (result.errors.length > 0 || !result.metafile) return;
      const source = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
      const bundles = Object.entries(result.metafile.outputs).filter(
        ([, output]) => output.entryPoint && Object.keys(output.inputs).some((input) => input.includes('tfjs-backend-wasm')),
      );
      for (const [path] of bundles) {
        const target = dirname(resolve(build.initialOptions.absWorkingDir ?? process.cwd(), path));
        for (const file of WASM_FILES) copyFileSync(join(source, file), join(target, file));
      }
    });
  },
};

module.exports = [copyTfjsWasm];
