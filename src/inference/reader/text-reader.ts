import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import type { ModelManifest } from '../model/manifest';
import type { ReadVerified } from '../model/model-store';
import { confidentExcerpt, DEFAULT_EXCERPT_RULES, type ExcerptRules, type RecognisedWord } from './read-words';

const LANGUAGE = 'eng';
const DATA_FILE = `${LANGUAGE}.traineddata.gz`;

/** Longest a picture may be read: beyond it the worker is stopped and the answer goes without text. */
export const READ_DEADLINE_MS = 8_000;

/**
 * tesseract.js with the English LSTM data read from the model bucket (sha256-checked by the
 * store). The data goes to a private temporary folder only while a worker loads it, and is removed
 * at once: nothing is written into the code folder (read-only on Lambda), nothing is cached,
 * nothing is fetched from a CDN. The bytes stay in memory so that a worker stopped at the deadline
 * can be replaced.
 */
export class TextReader {
  private worker?: Promise<Worker>;

  private constructor(private readonly data: Uint8Array) {}

  static async load(manifest: ModelManifest, read: ReadVerified): Promise<TextReader> {
    const file = manifest.files.data?.find((f) => f.path === DATA_FILE);
    if (!file) throw new Error(`${manifest.name}: the manifest lists no ${DATA_FILE}`);
    const reader = new TextReader(await read(file));
    await reader.currentWorker();
    return reader;
  }

  /** `image`: PNG or JPEG bytes. The confident words as a short excerpt, or undefined. */
  async read(image: Buffer, rules: ExcerptRules = DEFAULT_EXCERPT_RULES, deadlineMs = READ_DEADLINE_MS): Promise<string | undefined> {
    const worker = await this.currentWorker();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`reading took longer than ${deadlineMs} ms`)), deadlineMs);
    });
    try {
      const { data } = await Promise.race([worker.recognize(image, {}, { text: false, blocks: true }), deadline]);
      const lines: RecognisedWord[][] = (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines.map((l) => l.words.map((w) => ({ text: w.text, confidence: w.confidence })))));
      return confidentExcerpt(lines, rules);
    } catch (e) {
      // The job cannot be cancelled; a stopped worker is replaced on the next read.
      this.worker = undefined;
      await worker.terminate().catch(() => undefined);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops the worker thread (tests, tools); a Lambda keeps it for the next invocation. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await (await worker).terminate();
  }

  private currentWorker(): Promise<Worker> {
    this.worker ??= this.startWorker().catch((e: unknown) => {
      this.worker = undefined;
      throw e;
    });
    return this.worker;
  }

  private async startWorker(): Promise<Worker> {
    const langPath = await mkdtemp(join(tmpdir(), 'whatsthat-reader-'));
    try {
      await writeFile(join(langPath, DATA_FILE), this.data, { mode: 0o600 });
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
      return worker;
    } finally {
      await rm(langPath, { recursive: true, force: true });
    }
  }
}
