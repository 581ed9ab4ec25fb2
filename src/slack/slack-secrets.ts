/**
 * The Slack signing secret and bot token. Deployed, each is a SecureString parameter in SSM
 * Parameter Store, named by SLACK_SIGNING_SECRET_PARAMETER / SLACK_BOT_TOKEN_PARAMETER and read at
 * run time — never in the template, the zip or the function's environment — then cached for
 * SECRET_MAX_AGE_SECONDS, so a rotated value reaches every warm function within that time. Locally
 * (npm start, tests, Socket Mode) SLACK_SIGNING_SECRET / SLACK_BOT_TOKEN hold the values
 * themselves, and win when set.
 *
 * Each secret is read on its own, so a function asks only for the one it needs: the HTTP
 * receiver the signing secret, the worker the bot token.
 */
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
// Not '../inference': the receiver imports this file and must not load the model.
import { ConfigError } from '../inference/without-model';

type Env = Readonly<Record<string, string | undefined>>;

export type SlackSecretName = 'signingSecret' | 'botToken';

/** The secret's current value; rejects with an error naming the setting and parameter, never the value. */
export type SecretReader = () => Promise<string>;

export const SECRET_MAX_AGE_SECONDS = 60;

interface SecretSettings {
  value: string;
  parameter: string;
  what: string;
  /** A problem with a value, described without repeating it. */
  problem?: (value: string) => string | undefined;
}

const SETTINGS: Record<SlackSecretName, SecretSettings> = {
  signingSecret: {
    value: 'SLACK_SIGNING_SECRET',
    parameter: 'SLACK_SIGNING_SECRET_PARAMETER',
    what: 'the Signing Secret from the app\'s "Basic Information" page',
  },
  botToken: {
    value: 'SLACK_BOT_TOKEN',
    parameter: 'SLACK_BOT_TOKEN_PARAMETER',
    what: 'the Bot User OAuth Token (xoxb-…) from "OAuth & Permissions"',
    problem: (token) => (token.startsWith('xoxb-') ? undefined : 'is not a bot token (it must start with "xoxb-")'),
  },
};

const PARAMETER_NAME = /^\/[A-Za-z0-9_.\-/]+$/;

let defaultProvider: SSMProvider | undefined;

/**
 * How to read one secret, decided from the settings now (a ConfigError names what is missing).
 * `ssm` is for tests that point the real client elsewhere; the default client finds its region,
 * credentials and endpoint (AWS_ENDPOINT_URL_SSM) the SDK's usual way.
 */
export function slackSecret(name: SlackSecretName, env: Env = process.env, ssm?: SSMProvider): SecretReader {
  const s = SETTINGS[name];
  const value = env[s.value]?.trim() ?? '';
  if (value !== '') {
    const problem = s.problem?.(value);
    if (problem !== undefined) throw new ConfigError(`${s.value} ${problem}`);
    return () => Promise.resolve(value);
  }
  const parameter = env[s.parameter]?.trim() ?? '';
  if (parameter === '') throw new ConfigError(`neither ${s.value} (locally) nor ${s.parameter} (deployed: the SSM parameter holding it) is set; it is ${s.what}`);
  if (!PARAMETER_NAME.test(parameter)) throw new ConfigError(`${s.parameter} must be an SSM parameter name such as /whatsthat/prod/slack-bot-token, got "${parameter}"`);
  // A deadline on every call: without one the SDK would wait for a stuck connection until Lambda's timeout.
  const provider = ssm ?? (defaultProvider ??= new SSMProvider({ clientConfig: { maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } } }));

  return async () => {
    let fetched: unknown;
    try {
      fetched = await provider.get(parameter, { decrypt: true, maxAge: SECRET_MAX_AGE_SECONDS });
    } catch (e) {
      throw new Error(`could not read the SSM parameter ${parameter} (${s.parameter}): ${(e as Error).message}`, { cause: e });
    }
    const secret = typeof fetched === 'string' ? fetched.trim() : '';
    if (secret === '') throw new ConfigError(`the SSM parameter ${parameter} (${s.parameter}) is empty`);
    const problem = s.problem?.(secret);
    if (problem !== undefined) throw new ConfigError(`the SSM parameter ${parameter} (${s.parameter}) ${problem}`);
    return secret;
  };
}
