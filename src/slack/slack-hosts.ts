/**
 * Where the bot token may go (DESIGN.md, "The bot token is spent only on files Slack handed us").
 * Slack's Web API runs methods called by GET with query arguments, so a token sent to any Slack
 * URL could act as the bot: it goes only to file downloads — `/files-pri/` and `/files-tmb/` on
 * Slack's file hosts over https, or the same paths on the origin of SLACK_API_URL (the simulator
 * in the local stack). Web API calls go through the Web API client, never through here.
 */
export interface SlackHostPolicy {
  /** A Slack page, file or method (or anything on the SLACK_API_URL origin): not a public link. */
  isSlackUrl(url: URL): boolean;
  /** True when a request to `url` may carry the bot token: a file download from Slack. */
  mayCarryToken(url: URL): boolean;
  /**
   * `host:port` entries to exempt from the private-address refusal for Slack downloads: the
   * configured API origin, which in the local stack is on 127.0.0.1.
   */
  allowHosts: readonly string[];
}

const SLACK_DOMAINS = ['slack.com', 'slack-edge.com'];
/** Where `url_private(_download)` points, and where Enterprise Grid redirects it. */
const FILE_HOSTS = new Set(['files.slack.com', 'files-origin.slack.com']);
const FILE_PATH = /^\/files-(?:pri|tmb)\//;

export function slackHostPolicy(apiUrl: string | undefined): SlackHostPolicy {
  const api = apiUrl === undefined ? undefined : new URL(apiUrl);
  const apiHostPort = api === undefined ? undefined : `${api.hostname}:${api.port || (api.protocol === 'https:' ? '443' : '80')}`;
  const onApiOrigin = (url: URL): boolean => api !== undefined && url.origin === api.origin;
  return {
    isSlackUrl(url) {
      return onApiOrigin(url) || SLACK_DOMAINS.some((domain) => url.hostname === domain || url.hostname.endsWith(`.${domain}`));
    },
    mayCarryToken(url) {
      if (!FILE_PATH.test(url.pathname)) return false;
      return onApiOrigin(url) || (url.protocol === 'https:' && url.port === '' && FILE_HOSTS.has(url.hostname));
    },
    allowHosts: apiHostPort === undefined ? [] : [apiHostPort],
  };
}
