import '../dev/command-line';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { LexRuntimeV2Client, RecognizeTextCommand, type Message, type RecognizeTextCommandOutput } from '@aws-sdk/client-lex-runtime-v2';

const USAGE = `usage: npm run ask -- [--json] [--session <id>] [--locale <id>] ["<text>"]

Talks to the Lex bot. With text, sends it and prints the answer; without, asks interactively
(an empty line or Ctrl-D ends). --session continues a conversation; --json prints the raw response.

Where the bot is:
  the local runtime (npm run lex:local) at LEX_ENDPOINT, default ${'http://127.0.0.1:4010'};
  the deployed bot when LEX_BOT_ID and LEX_BOT_ALIAS_ID are set (and LEX_ENDPOINT is not),
  with the usual AWS credentials and AWS_REGION.`;

const LOCAL_ENDPOINT = 'http://127.0.0.1:4010';

interface Target {
  client: LexRuntimeV2Client;
  botId: string;
  botAliasId: string;
  description: string;
}

function targetFromEnv(env: NodeJS.ProcessEnv): Target {
  const botId = env.LEX_BOT_ID?.trim();
  const botAliasId = env.LEX_BOT_ALIAS_ID?.trim();
  const endpoint = env.LEX_ENDPOINT?.trim();
  if (botId && botAliasId && !endpoint) {
    // The deployed bot: default credential chain and region, no endpoint override.
    return { client: new LexRuntimeV2Client({}), botId, botAliasId, description: `bot ${botId} alias ${botAliasId}` };
  }
  const url = endpoint || LOCAL_ENDPOINT;
  if (!/^https?:\/\/[^/]+/.test(url)) throw new UsageError(`LEX_ENDPOINT must be an http(s) URL such as ${LOCAL_ENDPOINT}, got "${url}"`);
  return {
    // The local runtime checks no signature, but the client signs every request.
    client: new LexRuntimeV2Client({ endpoint: url, region: env.AWS_REGION || 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 }),
    botId: botId || 'LOCALBOT01',
    botAliasId: botAliasId || 'TSTALIASID',
    description: url,
  };
}

class UsageError extends Error {}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean' }, session: { type: 'string' }, locale: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const target = targetFromEnv(process.env);
  const sessionId = values.session ?? `ask-${randomUUID()}`;
  const localeId = values.locale ?? 'en_US';
  const send = async (text: string): Promise<void> => {
    const response = await target.client.send(new RecognizeTextCommand({ botId: target.botId, botAliasId: target.botAliasId, localeId, sessionId, text }));
    if (values.json) console.log(JSON.stringify(response, null, 2));
    else printAnswer(response);
  };

  try {
    if (positionals.length > 0) {
      await send(positionals.join(' '));
      return 0;
    }
    return await converse(send, target, sessionId);
  } catch (e) {
    console.error(explain(e, target));
    return 1;
  } finally {
    target.client.destroy();
  }
}

async function converse(send: (text: string) => Promise<void>, target: Target, sessionId: string): Promise<number> {
  console.log(`Talking to ${target.description} (session ${sessionId}). Paste a picture link or ask "help"; an empty line ends.`);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  rl.setPrompt('you> ');
  rl.prompt();
  try {
    // The line iterator queues what arrives while a turn is in flight (pasted or piped input).
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === '') break;
      try {
        await send(line);
      } catch (e) {
        // Keep the conversation going after a failed turn; the bot may answer the next one.
        console.error(explain(e, target));
      }
      rl.prompt();
    }
    return 0;
  } finally {
    rl.close();
  }
}

function printAnswer(response: RecognizeTextCommandOutput): void {
  const messages = response.messages ?? [];
  if (messages.length === 0) console.log(`bot> (no message; intent ${response.sessionState?.intent?.name ?? '?'} is ${response.sessionState?.intent?.state ?? '?'})`);
  for (const m of messages) console.log(formatMessage(m));
}

function formatMessage(m: Message): string {
  if (m.contentType === 'ImageResponseCard' && m.imageResponseCard) {
    const card = m.imageResponseCard;
    const lines = [`bot> [card] ${card.title}${card.subtitle ? ` — ${card.subtitle}` : ''}`];
    if (card.imageUrl) lines.push(`     image: ${card.imageUrl}`);
    if (card.buttons?.length) lines.push(`     buttons: ${card.buttons.map((b) => `[${b.text}]`).join(' ')}`);
    return lines.join('\n');
  }
  return `bot> ${m.content ?? ''}`;
}

function explain(e: unknown, target: Target): string {
  const error = e as { name?: string; message?: string; code?: string; cause?: { code?: string } };
  if (error.code === 'ECONNREFUSED' || error.cause?.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(error.message ?? '')) {
    return `Can't reach the Lex runtime at ${target.description}. Start it with \`npm run lex:local\`, or set LEX_ENDPOINT.`;
  }
  if (e instanceof UsageError) return e.message;
  return `${error.name ?? 'Error'}: ${error.message ?? String(e)}`;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof UsageError ? e.message : `ask failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
