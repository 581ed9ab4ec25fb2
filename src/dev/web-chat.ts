/**
 * The chat page's part of the local stack (`npm start`): the uploads bucket in the local S3, open
 * to the page's origin for the browser's direct upload (CORS), and the web function's settings.
 */
import { BucketAlreadyOwnedByYou, CreateBucketCommand, PutBucketCorsCommand, type S3Client } from '@aws-sdk/client-s3';

export const LOCAL_UPLOADS_BUCKET = 'whatsthat-uploads-local';

/** The local Lex runtime answers for any bot; `npm run ask` uses the same ids. */
const LOCAL_BOT = { botId: 'LOCALBOT01', botAliasId: 'TSTALIASID' };

export async function createUploadsBucket(s3: S3Client, bucket: string, pageOrigin: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (e) {
    if (!(e instanceof BucketAlreadyOwnedByYou) && (e as { name?: string }).name !== 'BucketAlreadyExists') throw e;
  }
  // As serverless.web.yml does for the deployed page: POST from the page's origin only.
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: { CORSRules: [{ AllowedMethods: ['POST'], AllowedOrigins: [pageOrigin], AllowedHeaders: ['*'], MaxAgeSeconds: 600 }] },
    }),
  );
}

/** What serverless.yml reads for the web function (and the fulfilment's trusted bucket) locally. */
export function webFunctionEnv(opts: { uploadsBucket: string; lexEndpoint: string }): Record<string, string> {
  return { UPLOADS_BUCKET: opts.uploadsBucket, LEX_ENDPOINT: opts.lexEndpoint, LEX_BOT_ID: LOCAL_BOT.botId, LEX_BOT_ALIAS_ID: LOCAL_BOT.botAliasId };
}
