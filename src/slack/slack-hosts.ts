/**
 * Where the bot token may go (DESIGN.md, "Slack tokens go only to Slack"): Slack's own hosts over
 * https, and the origin of SLACK_API_URL when it is configured — the simulator in the local stack.
 */
export interface SlackHostPolicy {
  /** True when a request to `url` may carry the bot token. */
  isSlackHost(url: URL): boolean;
  /**
   * `host:port` entries to exempt from the private-address refusal for Slack downloads: the
   * configured API origin, which in the local stack is on 127.0.0.1.
   */
  allowHosts: readonly string[];
}

const SLACK_DOMAINS = ['slack.com', 'slack-edge.com'];

export function slackHostPolicy(apiUrl: string | undefined): SlackHostPolicy {
  const api = apiUrl === undefined ? undefined : new URL(apiUrl);
  const apiHostPort = api === undefined ? undefined : `${api.hostname}:${api.port || (api.protocol === 'https:' ? '443' : '80')}`;
  return {
    isSlackHost(url) {
      if (api !== undefined && url.origin === api.origin) return true;
      return url.protocol === 'https:' && SLACK_DOMAINS.some((domain) => url.hostname === domain || url.hostname.endsWith(`.${domain}`));
    },
    allowHosts: apiHostPort === undefined ? [] : [apiHostPort],
  };
}
