import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { descriptionJson, isImageError, tooLarge, type ImageDescription, type Inference } from '../inference';
import { errorResponse, jsonResponse } from './http-response';
import { requestBody } from './request-body';

/** The part of the inference module the HTTP API uses. */
export type Describer = Pick<Inference, 'describeImageSource' | 'describeImage' | 'intake'>;

/**
 * A Lambda request carries at most 6 MB, and API Gateway hands binary bodies over base64-encoded
 * (4/3 the size): pictures posted directly stop at 4 MB. Larger ones (up to IMAGE_MAX_BYTES) go
 * through POST /uploads.
 */
const POST_DESCRIBE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * GET /describe?imagelink=<url> and POST /describe (the picture's bytes as the body): the JSON of
 * `describe --json`, plus `"return"` — the sentence, where the recipe this project descends from
 * put its answer.
 */
export async function describeRoute(event: APIGatewayProxyEvent, inference: Describer): Promise<APIGatewayProxyResult> {
  try {
    if (event.httpMethod === 'GET') {
      const link = event.queryStringParameters?.imagelink?.trim();
      if (!link) return errorResponse('bad_request', 'Add the picture\'s address as ?imagelink=https://…');
      return answer(await inference.describeImageSource(link));
    }
    const maxBytes = Math.min(POST_DESCRIBE_MAX_BYTES, inference.intake.maxBytes);
    const body = requestBody(event, maxBytes);
    if (body === 'too_large') throw tooLarge(maxBytes, 'the request body is larger');
    if (body.length === 0) return errorResponse('bad_request', 'Send the picture\'s bytes as the request body.');
    return answer(await inference.describeImage(body));
  } catch (e) {
    if (!isImageError(e)) throw e;
    return errorResponse(e.code, e.userMessage);
  }
}

function answer(description: ImageDescription): APIGatewayProxyResult {
  const json = descriptionJson(description);
  return jsonResponse(200, { ...json, return: json.sentence });
}
