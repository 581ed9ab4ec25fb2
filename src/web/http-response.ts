import type { APIGatewayProxyResult } from 'aws-lambda';
import { apiErrorBody, statusOf, type ApiErrorCode } from './api-error';

/** Every answer may be cached by nobody: descriptions and presigned URLs are per request. */
const NO_STORE = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function jsonResponse(status: number, body: unknown): APIGatewayProxyResult {
  return { statusCode: status, headers: { ...NO_STORE, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

export function errorResponse(code: ApiErrorCode, message: string): APIGatewayProxyResult {
  return jsonResponse(statusOf(code), apiErrorBody(code, message));
}
