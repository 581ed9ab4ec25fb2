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

// The web function serves the chat page from its own bundle: .html and .css files load as text,
// and `import script from './x.ts?bundle'` is x.ts bundled for the browser, as a string.
const chatPageAssets = {
  name: 'chat-page-assets',
  setup(build) {
    build.initialOptions.loader = { ...build.initialOptions.loader, '.html': 'text', '.css': 'text' };
    build.onResolve({ filter: /\?bundle$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.slice(0, -'?bundle'.length)), namespace: 'browser-bundle' }));
    build.onLoad({ filter: /.*/, namespace: 'browser-bundle' }, async (args) => {
      const result = await build.esbuild.build({
        entryPoints: [args.path],
        bundle: true,
        write: false,
        metafile: true,
        format: 'iife',
        platform: 'browser',
        target: 'es2020',
        minify: true,
      });
      return { contents: result.outputFiles[0].text, loader: 'text', watchFiles: Object.keys(result.metafile.inputs).map((f) => resolve(f)) };
    });
  },
};

module.exports = [copyTfjsWasm, chatPageAssets];
