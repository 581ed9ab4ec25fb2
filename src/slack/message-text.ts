/**
 * Reading Slack's message markup: links arrive as `<url>` or `<url|label>`, mentions as `<@U…>`,
 * and `&`, `<`, `>` typed by people arrive as `&amp;`, `&lt;`, `&gt;`.
 */

// Only http(s): `<mailto:…>`, `<#C…>`, `<!here>` and anything else in angle brackets is not a picture.
const LINK = /<(https?:\/\/[^|>\s]+)(?:\|[^>]*)?>/gi;

/** The http(s) links in a message, in order, without duplicates, HTML entities undone. */
export function extractLinks(text: string | undefined): string[] {
  if (!text) return [];
  const links = [...text.matchAll(LINK)].map((m) => unescapeSlackText(m[1]));
  return [...new Set(links)];
}

export function mentionsUser(text: string | undefined, userId: string): boolean {
  return text !== undefined && (text.includes(`<@${userId}>`) || text.includes(`<@${userId}|`));
}

/** Undoes Slack's escaping of user text; `&amp;` last so `&amp;lt;` stays `&lt;`. */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Escapes text for `mrkdwn` so a label or file name cannot become a link or a mention. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
