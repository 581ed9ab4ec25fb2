import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import type { ModelManifest } from '../model/manifest';
import type { ReadVerified } from '../model/model-store';
import { confidentExcerpt, DEFAULT_EXCERPT_RULES, type ExcerptRules, type RecognisedWord } from './read-words';

const LANGUAGE = 'eng';

/**
 * tesseract.js with the English LSTM data read from the model bucket (sha256-checked by the
 * store). The data goes to a private temporary folder only for the worker to read it once, and is
 * removed as soon as the worker has loaded it: nothing is written into the code folder (read-only
 * on Lambda), nothing is cached, nothing is fetched from a CDN.
 */
export class TextReader {
  private constructor(private readonly worker: Worker) {}

  static async load(manifest: ModelManifest, read: ReadVerified): Promise<TextReader> {
    const file = manifest.files.data?.find((f) => f.path === `${LANGUAGE}.traineddata.gz`);
    if (!file) throw new Error(`${manifest.name}: the manifest lists no ${LANGUAGE}.traineddata.gz`);
    const data = await read(file);
    const langPath = await mkdtemp(join(tmpdir(), 'whatsthat-reader-'));
    try {
      await writeFile(join(langPath, file.path), data, { mode: 0o600 });
      const worker = await createWorker(LANGUAGE, OEM.LSTM_ONLY, {
        langPath,
        gzip: true,
        cacheMethod: 'none',
        // tesseract.js 7 calls the logger unconditionally: without one it throws.
        logger: () => undefined,
      });
      // tesseract prints diagnostics on stdout (which is `describe --json`'s): our PNGs carry no
      // resolution, so give one, and send its debug messages nowhere.
      await worker.setParameters({ user_defined_dpi: '144', debug_file: '/dev/null' });
      return new TextReader(worker);
    } finally {
      await rm(langPath, { recursive: true, force: true });
    }
  }

  /** `image`: PNG or JPEG bytes. The confident words as a short excerpt, or undefined. */
  async read(image: Buffer, rules: ExcerptRules = DEFAULT_EXCERPT_RULES): Promise<string | undefined> {
    const { data } = await this.worker.recognize(image, {}, { text: false, blocks: true });
    const lines: RecognisedWord[][] = (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines.map((l) => l.words.map((w) => ({ text: w.text, confidence: w.confidence })))));
    return confidentExcerpt(lines, rules);
  }

  /** Stops the worker thread (tests, tools); a Lambda keeps it for the next invocation. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
