import { ConfigError } from '../../src/inference';
import { parseSlackConfig, parseSlackEventsConfig, parseSlackWorkerConfig, parseSocketModeConfig } from '../../src/slack/config';

const lambdaEnv = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
  SLACK_SIGNING_SECRET: 'secret',
  IDEMPOTENCY_TABLE: 'whatsthat-dev-slack-events',
  SLACK_WORKER_FUNCTION: 'whatsthat-dev-slackWorker',
};

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

test('the deployed receiver: required settings, defaults, SLACK_API_URL normalised with its trailing slash', () => {
  expect(parseSlackEventsConfig({ ...lambdaEnv, SLACK_API_URL: 'http://127.0.0.1:4020/api', SLACK_IMAGE_CHANNELS: ' C0AAA1, G0BBB2 ,' })).toEqual({
    botToken: 'xoxb-1-2-abc',
    apiUrl: 'http://127.0.0.1:4020/api/',
    imageChannels: new Set(['C0AAA1', 'G0BBB2']),
    botIdentity: undefined,
    signingSecret: 'secret',
    idempotency: { table: 'whatsthat-dev-slack-events', endpoint: undefined },
    worker: { functionName: 'whatsthat-dev-slackWorker', endpoint: undefined },
    region: 'us-east-1',
  });
});

test('local endpoints and a known bot identity are taken as given', () => {
  const config = parseSlackEventsConfig({
    ...lambdaEnv,
    DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
    LAMBDA_ENDPOINT: 'http://127.0.0.1:3002',
    AWS_REGION: 'eu-west-1',
    SLACK_BOT_USER_ID: 'U0BOT0001',
    SLACK_BOT_ID: 'B0BOT0001',
  });
  expect(config).toMatchObject({
    idempotency: { endpoint: 'http://127.0.0.1:8000' },
    worker: { endpoint: 'http://127.0.0.1:3002' },
    region: 'eu-west-1',
    botIdentity: { botUserId: 'U0BOT0001', botId: 'B0BOT0001' },
  });
});

test('every problem is named at once, with what to do about it', () => {
  const message = problemsOf(() =>
    parseSlackEventsConfig({ SLACK_BOT_TOKEN: 'xapp-1-oops', SLACK_API_URL: 'slack.example', SLACK_IMAGE_CHANNELS: 'general,C0AAA1', SLACK_BOT_USER_ID: 'U0BOT0001' }),
  );
  expect(message).toContain('SLACK_BOT_TOKEN must be a bot token starting with "xoxb-"');
  expect(message).toContain('SLACK_SIGNING_SECRET is not set');
  expect(message).toContain('IDEMPOTENCY_TABLE is not set');
  expect(message).toContain('SLACK_WORKER_FUNCTION is not set');
  expect(message).toContain('SLACK_API_URL must be an http(s) URL');
  expect(message).toContain('not ids: general');
  expect(message).toContain('set both SLACK_BOT_USER_ID (U…) and SLACK_BOT_ID (B…), or neither');
});

test('the deployed worker needs the bot token and the table, not the signing secret or a function to invoke', () => {
  expect(parseSlackWorkerConfig({ SLACK_BOT_TOKEN: 'xoxb-1', IDEMPOTENCY_TABLE: 't', DYNAMODB_ENDPOINT: 'http://127.0.0.1:4570' })).toEqual({
    botToken: 'xoxb-1',
    apiUrl: undefined,
    imageChannels: new Set(),
    botIdentity: undefined,
    idempotency: { table: 't', endpoint: 'http://127.0.0.1:4570' },
    region: 'us-east-1',
  });
  expect(problemsOf(() => parseSlackWorkerConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }))).toContain('IDEMPOTENCY_TABLE is not set');
});

test('Socket Mode needs an app-level token and no signing secret', () => {
  expect(parseSocketModeConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A-1-x' }).appToken).toBe('xapp-1-A-1-x');
  expect(problemsOf(() => parseSocketModeConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }))).toContain('SLACK_APP_TOKEN is not set');
  expect(problemsOf(() => parseSocketModeConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-1' }))).toContain('must be an app-level token');
});

test('the shared part alone needs only the bot token', () => {
  expect(parseSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual({ botToken: 'xoxb-1', apiUrl: undefined, imageChannels: new Set(), botIdentity: undefined });
  expect(problemsOf(() => parseSlackConfig({}))).toContain('SLACK_BOT_TOKEN is not set');
});
