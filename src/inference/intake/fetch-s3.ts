import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { ImageError, isImageError } from '../errors';
import { startDeadline } from './deadline';
import { DEFAULT_INTAKE_OPTIONS, tooLarge, type IntakeOptions } from './intake-options';
import { readCapped } from './read-capped';

export interface S3FetchOptions extends Partial<Pick<IntakeOptions, 'maxBytes' | 'timeoutMs'>> {
  signal?: AbortSignal;
}

/** Reads one object; its bytes are known to be a readable image format. */
export async function fetchImageFromS3(client: S3Client, bucket: string, key: string, opts: S3FetchOptions = {}): Promise<Uint8Array> {
  const maxBytes = opts.maxBytes ?? DEFAULT_INTAKE_OPTIONS.maxBytes;
  const what = `s3://${bucket}/${key}`;
  const deadline = startDeadline(opts.timeoutMs ?? DEFAULT_INTAKE_OPTIONS.timeoutMs, `reading ${what}`, opts.signal);
  try {
    let body: unknown;
    let contentLength: number | undefined;
    try {
      ({ Body: body, ContentLength: contentLength } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
        abortSignal: deadline.signal,
      }));
    } catch (e) {
      throw s3Error(e, what, deadline.signal);
    }
    if (!(body instanceof Readable)) throw new ImageError('http_error', `${what}: S3 returned no readable body`);
    if (contentLength !== undefined && contentLength > maxBytes) {
      body.destroy();
      throw tooLarge(maxBytes, `${what} has ${contentLength} bytes`);
    }
    return await readCapped(body, { maxBytes, signal: deadline.signal, what });
  } finally {
    deadline.dispose();
  }
}

/** Splits `s3://bucket/key`; the key is taken literally (S3 keys may contain `%`, `?` and `#`). */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/i.exec(uri);
  if (!match) throw new ImageError('bad_url', `not an s3://bucket/key reference: ${JSON.stringify(uri.slice(0, 200))}`);
  return { bucket: match[1], key: match[2] };
}

function s3Error(e: unknown, what: string, signal: AbortSignal): ImageError {
  if (signal.aborted && isImageError(signal.reason)) return signal.reason;
  const err = e as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = err.$metadata?.httpStatusCode;
  const detail = `${what}: ${err.name ?? 'Error'} ${err.message ?? ''}`.trim();
  if (err.name === 'NoSuchKey' || err.name === 'NoSuchBucket' || err.name === 'NotFound' || status === 404) {
    return new ImageError('not_found', detail, { cause: e });
  }
  if (err.name === 'AccessDenied' || err.name === 'Forbidden' || status === 403) {
    return new ImageError('missing_permission', detail, { cause: e });
  }
  if (status === undefined && isMissingAwsSetting(err)) {
    return new ImageError('missing_permission', `${detail} — set AWS_REGION and credentials (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)`, {
      cause: e,
      userMessage: "I can't read s3:// pictures here: AWS_REGION or AWS credentials are not set.",
    });
  }
  if (status === undefined) return new ImageError('unreachable', `${detail} ${err.code ?? ''}`.trim(), { cause: e });
  return new ImageError('http_error', `${detail} (HTTP ${status})`, { cause: e });
}

/** The SDK never sent the request: no region, or no credentials from any provider. */
function isMissingAwsSetting(err: { name?: string; message?: string }): boolean {
  return err.name === 'CredentialsProviderError' || /^Region is missing/i.test(err.message ?? '');
}
