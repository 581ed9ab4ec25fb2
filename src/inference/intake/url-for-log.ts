/**
 * A link as it may appear in logs and error details: origin and path, never the query, fragment
 * or user info, where pre-signed URLs carry their signature and people paste tokens.
 */
export function urlForLog(url: string | URL): string {
  const parsed = typeof url === 'string' ? URL.parse(url) : url;
  if (parsed === null) return JSON.stringify(String(url).replace(/[?#].*$/s, '').slice(0, 200));
  return `${parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin}${parsed.pathname}${parsed.search !== '' || parsed.hash !== '' ? '?…' : ''}`;
}
