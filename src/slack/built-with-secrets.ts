/**
 * Something built from the settings and the Slack secrets it needs — kept for warm invocations,
 * built again when a secret changes (rotated in SSM), and kept as it is when SSM cannot be
 * reached after it was built once: the last values beat dropping the work.
 */
import { errorFields, log } from '../inference/without-model';
import { slackSecret, type SecretReader, type SlackSecretName } from './slack-secrets';

/** Where each secret joins the other settings, so one config parser checks both. */
const SETTING: Record<SlackSecretName, string> = { signingSecret: 'SLACK_SIGNING_SECRET', botToken: 'SLACK_BOT_TOKEN' };

export function builtWithSecrets<T>(names: readonly SlackSecretName[], build: (env: NodeJS.ProcessEnv) => T): () => Promise<T> {
  let readers: SecretReader[] | undefined;
  let built: { values: string[]; value: T } | undefined;
  return async () => {
    readers ??= names.map((name) => slackSecret(name));
    let values: string[];
    try {
      values = await Promise.all(readers.map((read) => read()));
    } catch (e) {
      if (built === undefined) throw e;
      log('warn', 'could not refresh the Slack secrets; using the ones read before', errorFields(e));
      return built.value;
    }
    if (built === undefined || values.some((value, i) => value !== built?.values[i])) {
      const env = { ...process.env, ...Object.fromEntries(names.map((name, i) => [SETTING[name], values[i]])) };
      built = { values, value: build(env) };
    }
    return built.value;
  };
}
