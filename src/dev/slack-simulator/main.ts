/**
 * The Slack simulator from the command line.
 *
 *   npx tsx src/dev/slack-simulator/main.ts serve
 *       starts it on SLACK_SIM_PORT (4020); events go to SLACK_EVENTS_URL
 *       (http://127.0.0.1:3000/slack/events, serverless-offline's default).
 *   npx tsx src/dev/slack-simulator/main.ts post <picture-path | https://link>… [--channel C…] [--mention] [--text "…"]
 *       a person posts the pictures in one message (a DM by default) to the running simulator;
 *       prints the answers.
 *   npx tsx src/dev/slack-simulator/main.ts post --thread <ts> "how many kites?" [--channel C…] [--mention]
 *       a reply in the thread of message <ts>: a follow-up question about its picture.
 *
 * The app must use the same SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (defaults below) and
 * SLACK_API_URL=http://127.0.0.1:<port>/api/.
 */
import '../command-line';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { SimPostAnswer, SimPostRequest } from './sim-post';
import { startSlackSimulator } from './simulator';

/** Well-known values for the local stack only; real workspaces have their own. */
export const LOCAL_SLACK_DEFAULTS = {
  botToken: 'xoxb-local-simulator-token',
  signingSecret: 'local-signing-secret',
  port: 4020,
  eventsUrl: 'http://127.0.0.1:3000/slack/events',
} as const;

const USAGE = `usage:
  npm run slack:sim                 the simulator on SLACK_SIM_PORT (4020), events to SLACK_EVENTS_URL
  npm run slack:post -- <picture-path | https://link>… [--channel C…] [--mention] [--text "…"]
                                    a person posts the pictures in one message (a DM by default)
                                    to the running simulator; prints the bot's answers
  npm run slack:post -- --thread <ts> "question" [--channel C…] [--mention]
                                    a reply in the thread of message <ts>: a follow-up question`;

async function serve(): Promise<void> {
  const port = Number(process.env.SLACK_SIM_PORT ?? LOCAL_SLACK_DEFAULTS.port);
  const botToken = process.env.SLACK_BOT_TOKEN ?? LOCAL_SLACK_DEFAULTS.botToken;
  const signingSecret = process.env.SLACK_SIGNING_SECRET ?? LOCAL_SLACK_DEFAULTS.signingSecret;
  const eventsUrl = process.env.SLACK_EVENTS_URL ?? LOCAL_SLACK_DEFAULTS.eventsUrl;
  const sim = await startSlackSimulator({ port, botToken, signingSecret, eventsUrl });
  console.log(`Slack simulator on ${sim.url}; events go to ${eventsUrl}`);
  console.log(`  the app needs: SLACK_API_URL=${sim.apiUrl} SLACK_BOT_TOKEN=${botToken} SLACK_SIGNING_SECRET=${signingSecret}`);
  console.log(`  (cross-origin file redirects go to ${sim.edgeHost}; recorded calls: ${sim.url}/sim/calls)`);
  console.log('  post a picture: npm run slack:post -- path/to/picture.jpg   (or a https:// link, --channel C0CHAN001 --mention)');
  const stop = (): void => {
    void sim.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function post(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { channel: { type: 'string' }, mention: { type: 'boolean' }, text: { type: 'string' }, thread: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const request: SimPostRequest = { channel: values.channel, mention: values.mention, text: values.text, threadTs: values.thread, files: [], urls: [] };
  // In a thread, words that are neither a picture nor a link are the question.
  const isPicture = (source: string): boolean => /^https?:\/\//i.test(source) || existsSync(source);
  if (values.thread !== undefined && !positionals.some(isPicture)) request.text = positionals.join(' ');
  else for (const source of positionals) {
    if (/^https?:\/\//i.test(source)) request.urls!.push(source);
    else if (existsSync(source)) request.files!.push({ name: basename(source), base64: readFileSync(source).toString('base64') });
    else {
      console.error(`${source}: no such file, and not an http(s) link`);
      return 2;
    }
  }
  const port = Number(process.env.SLACK_SIM_PORT ?? LOCAL_SLACK_DEFAULTS.port);
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${port}/sim/post`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  } catch (e) {
    console.error(`cannot reach the Slack simulator on port ${port} (start it with: npx tsx src/dev/slack-simulator/main.ts serve): ${(e as Error).message}`);
    return 1;
  }
  const answer = (await res.json()) as SimPostAnswer;
  console.log(`posted in ${answer.channel} at ${answer.ts} (app answered the delivery with HTTP ${answer.deliveries.join(', ')})`);
  for (const a of answer.answers) {
    console.log(`bot (in thread): ${String(a.text)}`);
    for (const line of contextLines(a.blocks)) console.log(`                 ${line}`);
  }
  for (const u of answer.uploads) console.log(`bot (in thread): [picture ${u.filename}, ${u.bytes} bytes] ${u.title ?? ''}`);
  if (answer.ok && request.threadTs === undefined) {
    // In a channel the reply must go there and name the bot, as a person's would.
    const where = answer.channel.startsWith('D') ? '' : ` --channel ${answer.channel} --mention`;
    console.log(`ask about it: npm run slack:post -- --thread ${answer.ts}${where} "how many people are there?"`);
  }
  if (!answer.ok) console.error(answer.error);
  return answer.ok ? 0 : 1;
}

/** The text of context blocks (runners-up and confidences), for the terminal. */
function contextLines(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return [];
  return blocks
    .filter((b): b is { type: 'context'; elements: Array<{ text?: string }> } => (b as { type?: string }).type === 'context')
    .flatMap((b) => b.elements.map((e) => e.text ?? ''));
}

async function main(argv: string[]): Promise<number | undefined> {
  const [command = 'serve', ...rest] = argv;
  if (command === '--help' || command === '-h' || (command === 'serve' && (rest.includes('--help') || rest.includes('-h')))) {
    console.log(USAGE);
    return 0;
  }
  if (command === 'serve') return serve().then(() => undefined);
  if (command === 'post') return post(rest);
  console.error(USAGE);
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== undefined) process.exit(code);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
