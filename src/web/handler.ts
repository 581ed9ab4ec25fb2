/**
 * Lambda entry for the chat page and the HTTP API (GET/POST /describe, POST /uploads, POST /chat).
 * Thin: the routes parse the request, call inference, S3 or Lex, and format the answer.
 */
import { LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import { getInference } from '../inference';
import { createS3Client } from '../inference/s3-client';
import { parseWebConfig } from './config';
import { PAGE_ASSETS } from './page-assets';
import { createWebApp } from './web-app';

const config = parseWebConfig(process.env);
const inference = getInference();
if (process.env.AWS_LAMBDA_FUNCTION_NAME) inference.warmUp().catch(() => undefined);

const lex = config.lex.endpoint
  ? // The local Lex runtime checks no signature; real credentials must not leave the machine.
    new LexRuntimeV2Client({ endpoint: config.lex.endpoint, region: config.lex.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 })
  : new LexRuntimeV2Client({ region: config.lex.region, maxAttempts: 1 });

export const handler = createWebApp({ config, inference, s3: createS3Client(config.s3Endpoint), lex, assets: PAGE_ASSETS });
