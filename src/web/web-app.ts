import type { S3Client } from '@aws-sdk/client-s3';
import type { LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { errorFields, log } from '../inference';
import { REPLY } from '../lex/replies';
import { chatRoute } from './chat-route';
import type { WebConfig } from './config';
import { describeRoute, type Describer } from './describe-route';
import { errorResponse } from './http-response';
import type { PageAsset } from './page-assets';
import { uploadsRoute } from './uploads-route';

export interface WebAppDeps {
  config: WebConfig;
  inference: Describer;
  s3: S3Client;
  lex: LexRuntimeV2Client;
  assets: Readonly<Record<string, PageAsset>>;
}

export type WebApp = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** The web function's routes; serverless.yml declares the same ones (with their throttling). */
export function createWebApp(deps: WebAppDeps): WebApp {
  const routes: Record<string, (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>> = {
    'GET /describe': (e) => describeRoute(e, deps.inference),
    'POST /describe': (e) => describeRoute(e, deps.inference),
    'POST /uploads': (e) => uploadsRoute(e, deps.s3, { bucket: deps.config.uploadsBucket, maxBytes: deps.inference.intake.maxBytes }),
    'POST /chat': (e) => chatRoute(e, deps.lex, deps.config),
  };
  for (const [path, asset] of Object.entries(deps.assets)) routes[`GET ${path}`] = async () => pageResponse(asset, deps.config);

  return async (event) => {
    const route = routes[`${event.httpMethod} ${event.path}`];
    if (!route) {
      const known = Object.keys(routes).some((key) => key.endsWith(` ${event.path}`));
      return known ? errorResponse('method_not_allowed', `${event.path} does not take ${event.httpMethod}.`) : errorResponse('no_such_route', `There is nothing at ${event.path}.`);
    }
    try {
      return await route(event);
    } catch (e) {
      log('error', 'web request failed', { route: `${event.httpMethod} ${event.path}`, ...errorFields(e) });
      return errorResponse('internal_error', REPLY.internalError);
    }
  };
}

function pageResponse(asset: PageAsset, config: WebConfig): APIGatewayProxyResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': asset.contentType,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': contentSecurityPolicy(config),
    },
    body: asset.body,
  };
}

/**
 * Scripts and styles from this origin only; pictures from anywhere a person links to (and the
 * page's own blob: thumbnails); uploads go to the uploads bucket's S3 endpoint.
 */
function contentSecurityPolicy(config: WebConfig): string {
  const s3Origin = config.s3Endpoint ? new URL(config.s3Endpoint).origin : `https://${config.uploadsBucket}.s3.${config.lex.region}.amazonaws.com`;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob: data: https: http:",
    `connect-src 'self' ${s3Origin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
