// Not '../inference': the receiver imports this file and must not load the model.
import { ConfigError, httpUrlSetting } from '../inference/settings';

type Env = Readonly<Record<string, string | undefined>>;

/** What every Slack entry point needs: who we are and where Slack's Web API is. */
export interface SlackConfig {
  /** `xoxb-…`: Web API calls and `url_private` downloads. */
  botToken: string;
  /**
   * SLACK_API_URL (ending in `/`), the Web API base — the simulator's in the local stack. When set
   * it always wins, and its origin is the one non-Slack origin the bot token may be sent to.
   */
  apiUrl?: string;
  /** SLACK_IMAGE_CHANNELS: channels where every image is answered, mention or not. */
  imageChannels: ReadonlySet<string>;
  /** SLACK_BOT_USER_ID + SLACK_BOT_ID; without them the app asks `auth.test` once per process. */
  botIdentity?: BotIdentity;
}

export interface BotIdentity {
  botUserId: string;
  botId: string;
}

/**
 * The receiver behind API Gateway: verifies requests, deduplicates, and invokes the worker
 * function for the work. (It keeps the bot token for `auth.test` unless the bot identity is set.)
 */
export interface SlackEventsConfig extends SlackConfig {
  signingSecret: string;
  idempotency: { table: string; endpoint?: string };
  worker: { functionName: string; endpoint?: string };
  region: string;
}

/** The worker function: answers handed-over events, remembering per item what it posted. */
export interface SlackWorkerConfig extends SlackConfig {
  idempotency: { table: string; endpoint?: string };
  region: string;
}

/** A laptop talking to a real workspace over a WebSocket. */
export interface SocketModeConfig extends SlackConfig {
  /** `xapp-…` with the `connections:write` scope. */
  appToken: string;
}

/** Reads and validates the shared settings; the error lists every problem at once. */
export function parseSlackConfig(env: Env): SlackConfig {
  const problems: string[] = [];
  const config = readSlackConfig(env, problems);
  throwIfAny(problems);
  return config;
}

export function parseSlackEventsConfig(env: Env): SlackEventsConfig {
  const problems: string[] = [];
  const base = readSlackConfig(env, problems);
  const signingSecret = required(env, 'SLACK_SIGNING_SECRET', problems, 'the Signing Secret from the app\'s "Basic Information" page');
  const table = required(env, 'IDEMPOTENCY_TABLE', problems, 'the DynamoDB table that remembers Slack event ids');
  const functionName = required(env, 'SLACK_WORKER_FUNCTION', problems, 'the name of the function that answers (serverless.yml sets it to the slackWorker function)');
  const config: SlackEventsConfig = {
    ...base,
    signingSecret,
    idempotency: { table, endpoint: optionalUrl(env, 'DYNAMODB_ENDPOINT', problems, 'http://127.0.0.1:4570') },
    worker: { functionName, endpoint: optionalUrl(env, 'LAMBDA_ENDPOINT', problems, 'http://127.0.0.1:3002') },
    region: regionOf(env),
  };
  throwIfAny(problems);
  return config;
}

export function parseSlackWorkerConfig(env: Env): SlackWorkerConfig {
  const problems: string[] = [];
  const base = readSlackConfig(env, problems);
  const table = required(env, 'IDEMPOTENCY_TABLE', problems, 'the DynamoDB table that remembers what was answered');
  const config: SlackWorkerConfig = {
    ...base,
    idempotency: { table, endpoint: optionalUrl(env, 'DYNAMODB_ENDPOINT', problems, 'http://127.0.0.1:4570') },
    region: regionOf(env),
  };
  throwIfAny(problems);
  return config;
}

function regionOf(env: Env): string {
  return env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || 'us-east-1';
}

export function parseSocketModeConfig(env: Env): SocketModeConfig {
  const problems: string[] = [];
  const base = readSlackConfig(env, problems);
  const appToken = required(env, 'SLACK_APP_TOKEN', problems, 'an app-level token (xapp-…) with connections:write, from "Basic Information" → "App-Level Tokens"');
  if (appToken !== '' && !appToken.startsWith('xapp-')) problems.push('SLACK_APP_TOKEN must be an app-level token starting with "xapp-"');
  throwIfAny(problems);
  return { ...base, appToken };
}

function readSlackConfig(env: Env, problems: string[]): SlackConfig {
  const botToken = required(env, 'SLACK_BOT_TOKEN', problems, 'the Bot User OAuth Token (xoxb-…) from "OAuth & Permissions"');
  if (botToken !== '' && !botToken.startsWith('xoxb-')) problems.push('SLACK_BOT_TOKEN must be a bot token starting with "xoxb-"');
  const apiUrl = optionalUrl(env, 'SLACK_API_URL', problems, 'http://127.0.0.1:4020/api/');
  return {
    botToken,
    apiUrl: apiUrl === undefined || apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    imageChannels: channelList(env, problems),
    botIdentity: botIdentity(env, problems),
  };
}

const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

function channelList(env: Env, problems: string[]): ReadonlySet<string> {
  const ids = (env.SLACK_IMAGE_CHANNELS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const bad = ids.filter((id) => !CHANNEL_ID.test(id));
  if (bad.length > 0) {
    // Names change and are not unique; the id is what events carry.
    problems.push(`SLACK_IMAGE_CHANNELS must list channel ids such as C0123ABCD (not names); not ids: ${bad.join(', ')}`);
  }
  return new Set(ids);
}

function botIdentity(env: Env, problems: string[]): BotIdentity | undefined {
  const botUserId = env.SLACK_BOT_USER_ID?.trim() ?? '';
  const botId = env.SLACK_BOT_ID?.trim() ?? '';
  if (botUserId === '' && botId === '') return undefined;
  if (botUserId === '' || botId === '') {
    problems.push('set both SLACK_BOT_USER_ID (U…) and SLACK_BOT_ID (B…), or neither (then auth.test tells the app who it is)');
    return undefined;
  }
  if (!/^[UW][A-Z0-9]+$/.test(botUserId)) problems.push(`SLACK_BOT_USER_ID must be a user id such as U0123ABCD, not "${botUserId}"`);
  if (!/^B[A-Z0-9]+$/.test(botId)) problems.push(`SLACK_BOT_ID must be a bot id such as B0123ABCD, not "${botId}"`);
  return { botUserId, botId };
}

function required(env: Env, name: string, problems: string[], what: string): string {
  const value = env[name]?.trim() ?? '';
  if (value === '') problems.push(`${name} is not set (${what})`);
  return value;
}

/** Like the shared reader, but collected with the other problems so one error lists them all. */
function optionalUrl(env: Env, name: string, problems: string[], example: string): string | undefined {
  try {
    return httpUrlSetting(env, name, example);
  } catch (e) {
    problems.push((e as Error).message);
    return undefined;
  }
}

function throwIfAny(problems: string[]): void {
  if (problems.length > 0) throw new ConfigError(`Slack configuration: ${problems.join('; ')}`);
}
