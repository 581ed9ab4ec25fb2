/** Child process of `npm run bench`: a new receiver process → its first acknowledgement (no model). */
import { readFileSync } from 'node:fs';
import { handler } from '../slack/handler';
import { benchContext, reportColdStart } from './bench-slack-child';

async function main(): Promise<void> {
  const event = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Parameters<typeof handler>[0];
  const response = await handler(event, benchContext('whatsthat-bench-slackEvents'));
  reportColdStart({ statusCode: response.statusCode });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
