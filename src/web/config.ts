import { ConfigError, httpUrlSetting } from '../inference';

type Env = Readonly<Record<string, string | undefined>>;

/** Settings of the web function (the chat page and the HTTP API), read once and checked. */
export interface WebConfig {
  /** UPLOADS_BUCKET: where the page's pictures go, under `uploads/`. */
  uploadsBucket: string;
  /** S3_ENDPOINT: a local S3 (s3rver); unset on AWS. */
  s3Endpoint?: string;
  lex: {
    botId: string;
    botAliasId: string;
    localeId: string;
    /** LEX_ENDPOINT: the local Lex runtime; unset on AWS. */
    endpoint?: string;
    region: string;
  };
}

/** The key prefix of uploaded pictures; the function may write there and nowhere else. */
export const UPLOADS_PREFIX = 'uploads/';

export function parseWebConfig(env: Env): WebConfig {
  const problems: string[] = [];
  const required = (name: string, meaning: string): string => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is not set (${meaning})`);
    return value ?? '';
  };
  const config: WebConfig = {
    uploadsBucket: required('UPLOADS_BUCKET', 'the S3 bucket for pictures uploaded from the chat page'),
    s3Endpoint: httpUrlSetting(env, 'S3_ENDPOINT', 'http://127.0.0.1:4569'),
    lex: {
      botId: required('LEX_BOT_ID', 'the Lex V2 bot the page talks to'),
      botAliasId: required('LEX_BOT_ALIAS_ID', 'its alias'),
      localeId: env.LEX_LOCALE_ID?.trim() || 'en_US',
      endpoint: httpUrlSetting(env, 'LEX_ENDPOINT', 'http://127.0.0.1:4010'),
      region: env.AWS_REGION?.trim() || 'us-east-1',
    },
  };
  if (problems.length > 0) throw new ConfigError(`the web function's settings are incomplete: ${problems.join('; ')}`);
  return config;
}
