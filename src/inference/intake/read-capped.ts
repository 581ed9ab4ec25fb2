import type { Readable } from 'node:stream';
import { ImageError, isImageError } from '../errors';
import { requireReadableFormat, SNIFF_BYTES } from './format';
import { tooLarge } from './intake-options';

export interface ReadCappedOptions {
  maxBytes: number;
  /** Aborting destroys the stream; the reason (an ImageError) becomes the thrown error. */
  signal?: AbortSignal;
  /** Names the source in error details. */
  what: string;
}

/**
 * Collects a body that must be a readable image. Stops (destroying the stream, which closes the
 * connection) as soon as it crosses `maxBytes` or its first bytes show it is not a readable
 * image: a 15 MB HTML page costs a packet, not 15 MB.
 */
export async function readCapped(body: Readable, opts: ReadCappedOptions): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  let sniffed = false;
  const onAbort = (): void => {
    body.destroy(opts.signal?.reason instanceof Error ? opts.signal.reason : undefined);
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (opts.signal?.aborted) onAbort();
    // Leaving this loop by throwing destroys the stream.
    for await (const chunk of body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > opts.maxBytes) throw tooLarge(opts.maxBytes, `${opts.what} sent more than ${opts.maxBytes} bytes`);
      chunks.push(chunk);
      if (!sniffed && total >= SNIFF_BYTES) {
        requireReadableFormat(chunks.length === 1 ? chunk : Buffer.concat(chunks));
        sniffed = true;
      }
    }
  } catch (e) {
    throw streamError(e, opts);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  if (!sniffed) requireReadableFormat(bytes);
  return bytes;
}

function streamError(e: unknown, opts: ReadCappedOptions): ImageError {
  if (isImageError(e)) return e;
  const reason: unknown = opts.signal?.reason;
  if (opts.signal?.aborted && isImageError(reason)) return reason;
  const message = e instanceof Error ? e.message : String(e);
  return new ImageError('unreachable', `${opts.what}: the connection broke during the download (${message})`, { cause: e });
}
