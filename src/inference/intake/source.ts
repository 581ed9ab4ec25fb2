import type { S3Client } from '@aws-sdk/client-s3';
import { ImageError } from '../errors';
import { fetchImageFromS3, parseS3Uri } from './fetch-s3';
import { fetchImageFromUrl, type FetchOptions } from './fetch-url';
import { DEFAULT_INTAKE_OPTIONS } from './intake-options';
import { readImageFile } from './read-file';

export interface ReadImageSourceOptions extends FetchOptions {
  /**
   * Enables `s3://bucket/key` for the trusted buckets (`'any'`: the operator's command line).
   * Pass it only for references from a trusted client (a Lex attribute set by the uploading app),
   * never for text a user typed: the function's IAM role would otherwise read any object it can
   * see on the user's behalf. Even a client attribute may name only the listed buckets, since
   * whoever calls Lex's RecognizeText chooses the attributes.
   */
  s3?: { client: S3Client; trustedBuckets: readonly string[] | 'any' };
  /** Enables plain file paths; for the command line only. */
  allowLocalFiles?: boolean;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

export const UNTRUSTED_BUCKET = "I'm not allowed to open pictures stored in that bucket.";

/**
 * Reads an image from an http(s) link, an `s3://` reference or (command line) a file path.
 * Resolves only with bytes of a format `decodeForModel` reads; every failure is an ImageError.
 */
export async function readImageSource(source: string, opts: ReadImageSourceOptions = {}): Promise<Uint8Array> {
  const text = source.trim();
  if (text === '') throw new ImageError('bad_url', 'empty image source');
  const scheme = SCHEME.exec(text)?.[1].toLowerCase();
  const maxBytes = opts.maxBytes ?? DEFAULT_INTAKE_OPTIONS.maxBytes;

  if (scheme === undefined) {
    if (!opts.allowLocalFiles) throw new ImageError('bad_url', `not a link: ${JSON.stringify(text.slice(0, 200))}`);
    return readImageFile(text, maxBytes);
  }
  if (scheme === 'http' || scheme === 'https') return fetchImageFromUrl(text, opts);
  if (scheme === 's3') {
    if (!opts.s3) throw new ImageError('forbidden_scheme', 's3:// references are accepted only from trusted callers, and this one gave no S3 client');
    const { bucket, key } = parseS3Uri(text);
    if (opts.s3.trustedBuckets !== 'any' && !opts.s3.trustedBuckets.includes(bucket)) {
      throw new ImageError('not_allowed', `s3://${bucket}/… is not in a bucket listed in TRUSTED_S3_BUCKETS`, { userMessage: UNTRUSTED_BUCKET });
    }
    return fetchImageFromS3(opts.s3.client, bucket, key, opts);
  }
  throw new ImageError('forbidden_scheme', `refusing the ${scheme}: scheme here`);
}
