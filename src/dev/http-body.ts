/**
 * A whole HTTP request body, read by the local stand-ins (Slack, Lex, Lambda, API Gateway) and the
 * test servers. Takes any request stream: Node's HTTP/1.1 and HTTP/2 requests alike.
 */

/** Reading stopped because the body grew past the cap; each server answers it in its own wire format. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The request body is larger than ${maxBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The body's bytes; without `maxBytes` there is no cap. */
export async function readRequestBody(req: AsyncIterable<Uint8Array>, opts: { maxBytes?: number } = {}): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    // Leaving the loop destroys the request, so an oversized upload is not read to its end.
    if (opts.maxBytes !== undefined && size > opts.maxBytes) throw new BodyTooLargeError(opts.maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The body as UTF-8 text. */
export async function readRequestText(req: AsyncIterable<Uint8Array>, opts: { maxBytes?: number } = {}): Promise<string> {
  return (await readRequestBody(req, opts)).toString('utf8');
}
