import { S3Client } from '@aws-sdk/client-s3';
import { awsRequestHandler, type AwsTimeouts } from './aws-timeouts';

/**
 * One way to build the S3 client, for the model store, s3:// images and the publish tool. Every
 * request has connect and request timeouts (SDK_CONNECT_TIMEOUT_MS, SDK_REQUEST_TIMEOUT_MS).
 * With a custom endpoint (local S3 such as s3rver) the client uses path-style addressing and
 * sends checksums only when required: s3rver would otherwise store aws-chunked framing inside
 * streamed objects (silent corruption).
 */
export function createS3Client(endpoint?: string, timeouts?: AwsTimeouts): S3Client {
  const requestHandler = awsRequestHandler(timeouts);
  if (!endpoint) return new S3Client({ requestHandler });
  return new S3Client({
    endpoint,
    requestHandler,
    forcePathStyle: true,
    region: process.env.AWS_REGION ?? 'us-east-1',
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // s3rver's fixed key pair; a laptop's real AWS credentials must not be sent to a local server.
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}
