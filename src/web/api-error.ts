import type { ImageErrorCode } from '../inference';
import type { ApiErrorBody } from './web-api-types';

/** What the HTTP API can fail with besides the picture itself. */
export type RequestErrorCode = 'bad_request' | 'no_such_route' | 'method_not_allowed' | 'chat_unavailable' | 'internal_error';

export type ApiErrorCode = ImageErrorCode | RequestErrorCode;


/**
 * The status a client can act on: 4xx when the picture or the request is the problem, 502/504
 * when the site holding the picture failed us, 503 when we cannot answer at all.
 */
const STATUS: Record<ApiErrorCode, number> = {
  bad_url: 400,
  forbidden_scheme: 400,
  private_address: 403,
  missing_permission: 403,
  not_allowed: 403,
  not_found: 404,
  unresolvable_host: 422,
  broken_image: 422,
  too_large: 413,
  too_many_pixels: 413,
  not_an_image: 415,
  unsupported_format: 415,
  unreachable: 502,
  http_error: 502,
  too_many_redirects: 502,
  timeout: 504,
  model_unavailable: 503,
  bad_request: 400,
  no_such_route: 404,
  method_not_allowed: 405,
  chat_unavailable: 502,
  internal_error: 500,
};

export function statusOf(code: ApiErrorCode): number {
  return STATUS[code];
}

export function apiErrorBody(code: ApiErrorCode, message: string): ApiErrorBody {
  return { error: { code, message } };
}
