import type { APIGatewayProxyEvent } from 'aws-lambda';

/** The request's bytes (API Gateway base64-encodes binary bodies), or 'too_large' past the cap. */
export function requestBody(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>, maxBytes: number): Buffer | 'too_large' {
  const raw = event.body ?? '';
  // Base64 is 4/3 of the bytes: refuse before decoding what is clearly too big.
  if ((event.isBase64Encoded ? (raw.length * 3) / 4 : Buffer.byteLength(raw)) > maxBytes + 3) return 'too_large';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  return bytes.length > maxBytes ? 'too_large' : bytes;
}

/** A small JSON object body, or undefined when it is not one. */
export function jsonObjectBody(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>, maxBytes: number): Record<string, unknown> | undefined {
  const bytes = requestBody(event, maxBytes);
  if (bytes === 'too_large') return undefined;
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
