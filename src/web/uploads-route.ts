import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ImageError, tooLarge } from '../inference';
import { UPLOADS_PREFIX } from './config';
import { errorResponse, jsonResponse } from './http-response';
import { jsonObjectBody } from './request-body';
import type { UploadGrant } from './web-api-types';

/** The picture types the intake reads, as browsers name them, with the key's extension. */
const UPLOAD_TYPES: Readonly<Record<string, string>> = Object.freeze({
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'image/bmp': '.bmp',
});

/** Long enough to upload 15 MB on a slow line, short enough that a leaked form is soon useless. */
export const UPLOAD_EXPIRES_SECONDS = 300;

/**
 * POST /uploads `{"contentType","size"}` → a presigned S3 POST for one picture. A presigned POST
 * rather than PUT: its signed policy carries a `content-length-range` condition, so S3 itself
 * refuses anything larger than the cap, and an exact `Content-Type`.
 */
export async function uploadsRoute(event: APIGatewayProxyEvent, s3: S3Client, opts: { bucket: string; maxBytes: number }): Promise<APIGatewayProxyResult> {
  const request = jsonObjectBody(event, 4096);
  const contentType = typeof request?.contentType === 'string' ? request.contentType.toLowerCase() : undefined;
  if (!request || contentType === undefined) return errorResponse('bad_request', 'Send {"contentType": "image/jpeg", "size": <bytes>} to get an upload form.');
  const extension = UPLOAD_TYPES[contentType];
  if (!extension) {
    const e = new ImageError('not_an_image', `upload of ${contentType.slice(0, 100)} refused`);
    return errorResponse(e.code, e.userMessage);
  }
  if (typeof request.size === 'number' && request.size > opts.maxBytes) {
    const e = tooLarge(opts.maxBytes, `the picture to upload has ${request.size} bytes`);
    return errorResponse(e.code, e.userMessage);
  }
  return jsonResponse(200, await grantUpload(s3, opts.bucket, contentType, extension, opts.maxBytes));
}

async function grantUpload(s3: S3Client, bucket: string, contentType: string, extension: string, maxBytes: number): Promise<UploadGrant> {
  const key = `${UPLOADS_PREFIX}${randomUUID()}${extension}`;
  const { url, fields } = await createPresignedPost(s3, {
    Bucket: bucket,
    Key: key,
    Fields: { 'Content-Type': contentType },
    Conditions: [
      ['content-length-range', 1, maxBytes],
      ['eq', '$Content-Type', contentType],
    ],
    Expires: UPLOAD_EXPIRES_SECONDS,
  });
  return { url, fields, reference: `s3://${bucket}/${key}`, maxBytes, expiresInSeconds: UPLOAD_EXPIRES_SECONDS };
}
