/** Child process of `npm run bench`: a new worker process → its first job answered (model from S3). */
import { readFileSync } from 'node:fs';
import { handler } from '../slack/worker-handler';
import { benchContext, reportColdStart } from './bench-slack-child';

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as unknown;
  await handler(job, benchContext('whatsthat-bench-slackWorker'));
  reportColdStart({});
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
