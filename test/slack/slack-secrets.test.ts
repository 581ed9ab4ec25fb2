/**
 * The Slack secrets as deployed: SecureString parameters read through the Powertools parameters
 * utility and the real SSM client, over HTTP, from a stand-in that speaks SSM's JSON protocol.
 */
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SECRET_MAX_AGE_SECONDS, slackSecret } from '../../src/slack/slack-secrets';
import { startSsmStandIn, type SsmStandIn } from '../helpers/ssm-stand-in';

const TOKEN_PARAMETER = '/whatsthat/test/slack-bot-token';
const SECRET_PARAMETER = '/whatsthat/test/slack-signing-secret';

let ssm: SsmStandIn;
/** A new provider per test: each starts with an empty cache. */
let provider: SSMProvider;

beforeAll(async () => {
  ssm = await startSsmStandIn();
});
beforeEach(() => {
  ssm.requests.length = 0;
  provider = new SSMProvider({
    clientConfig: { endpoint: ssm.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 },
  });
});
afterEach(() => {
  jest.useRealTimers();
});
afterAll(async () => {
  await ssm?.stop();
});

const deployed = { SLACK_BOT_TOKEN_PARAMETER: TOKEN_PARAMETER, SLACK_SIGNING_SECRET_PARAMETER: SECRET_PARAMETER };

test('deployed: each secret is read from its SecureString parameter with decryption, signed, and only the one asked for', async () => {
  ssm.put(TOKEN_PARAMETER, 'xoxb-from-ssm');
  ssm.put(SECRET_PARAMETER, 'signing-secret-from-ssm');
  const botToken = slackSecret('botToken', deployed, provider);
  expect(ssm.requests).toEqual([]);
  expect(await botToken()).toBe('xoxb-from-ssm');
  expect(ssm.requests).toEqual([{ target: 'AmazonSSM.GetParameter', name: TOKEN_PARAMETER, withDecryption: true, signed: true }]);
  expect(await slackSecret('signingSecret', deployed, provider)()).toBe('signing-secret-from-ssm');
  expect(ssm.requests.map((r) => r.name)).toEqual([TOKEN_PARAMETER, SECRET_PARAMETER]);
});

test(`cached for ${SECRET_MAX_AGE_SECONDS} s: a rotated value is picked up once the cache expires, not per call`, async () => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
  ssm.put(TOKEN_PARAMETER, 'xoxb-first');
  const botToken = slackSecret('botToken', deployed, provider);
  expect(await botToken()).toBe('xoxb-first');
  ssm.put(TOKEN_PARAMETER, 'xoxb-rotated');
  expect(await botToken()).toBe('xoxb-first');
  expect(ssm.requests).toHaveLength(1);
  jest.setSystemTime(Date.now() + (SECRET_MAX_AGE_SECONDS + 1) * 1000);
  expect(await botToken()).toBe('xoxb-rotated');
  expect(ssm.requests).toHaveLength(2);
});

test('a missing parameter, or one holding something else than a bot token, is an error naming the parameter and never the value', async () => {
  const missing = { SLACK_BOT_TOKEN_PARAMETER: '/whatsthat/test/never-put' };
  await expect(slackSecret('botToken', missing, provider)()).rejects.toThrow(/^could not read the SSM parameter \/whatsthat\/test\/never-put \(SLACK_BOT_TOKEN_PARAMETER\): .*not found/);
  ssm.put(TOKEN_PARAMETER, 'xapp-app-level-token-by-mistake');
  const e = await slackSecret('botToken', deployed, provider)().catch((error: unknown) => error as Error);
  expect((e as Error).message).toBe(`the SSM parameter ${TOKEN_PARAMETER} (SLACK_BOT_TOKEN_PARAMETER) is not a bot token (it must start with "xoxb-")`);
  expect((e as Error).message).not.toContain('xapp-app-level');
});

test('locally the value itself wins and SSM is never asked; neither set, or a malformed name, is a configuration error', async () => {
  expect(await slackSecret('botToken', { ...deployed, SLACK_BOT_TOKEN: 'xoxb-local' }, provider)()).toBe('xoxb-local');
  expect(ssm.requests).toEqual([]);
  expect(() => slackSecret('signingSecret', {}, provider)).toThrow(/neither SLACK_SIGNING_SECRET \(locally\) nor SLACK_SIGNING_SECRET_PARAMETER \(deployed: the SSM parameter holding it\) is set/);
  expect(() => slackSecret('botToken', { SLACK_BOT_TOKEN: 'xapp-1' }, provider)).toThrow('SLACK_BOT_TOKEN is not a bot token (it must start with "xoxb-")');
  expect(() => slackSecret('botToken', { SLACK_BOT_TOKEN_PARAMETER: 'slack-bot-token' }, provider)).toThrow(/SLACK_BOT_TOKEN_PARAMETER must be an SSM parameter name such as/);
});
