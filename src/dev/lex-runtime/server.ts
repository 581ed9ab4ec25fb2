/**
 * The local Lex V2 runtime over HTTP, on Lex's own paths, so the real
 * `@aws-sdk/client-lex-runtime-v2` client works against it with only `endpoint` changed.
 * Local tooling: never bundled into a Lambda.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import http2 from 'node:http2';
import net, { type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { errorFields, log } from '../../inference';
import { loadBotDefinition } from '../../lex/bot-definition/load-bot-definition';
import type { BotDefinition } from '../../lex/bot-definition/model';
import { BodyTooLargeError, readRequestText } from '../http-body';
import type { CodeHookFunction } from './code-hook-function';
import { LexRuntime, type SessionPath } from './runtime';
import { LexRuntimeError, validation } from './runtime-errors';

export interface LexRuntimeServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  fulfilment: CodeHookFunction;
  /** Defaults to the bot in `bots/`. */
  bot?: BotDefinition;
  codeHookTimeoutMs?: number;
  now?: () => number;
}

export interface RunningLexRuntime {
  endpoint: string;
  port: number;
  bot: BotDefinition;
  stop(): Promise<void>;
}

const SESSION_PATH = /^\/bots\/([^/]+)\/botAliases\/([^/]+)\/botLocales\/([^/]+)\/sessions\/([^/]+)(\/text|\/utterance|\/conversation)?\/?$/;
const MAX_BODY_BYTES = 1024 * 1024;

export async function startLexRuntime(options: LexRuntimeServerOptions): Promise<RunningLexRuntime> {
  const bot = options.bot ?? loadBotDefinition();
  const runtime = new LexRuntime({ bot, fulfilment: options.fulfilment, codeHookTimeoutMs: options.codeHookTimeoutMs, now: options.now });
  const onRequest = (req: Request, res: Response): void => {
    handle(runtime, req, res).catch((e: unknown) => {
      log('error', 'lex runtime failed', errorFields(e));
      if (!res.headersSent) sendError(res, new LexRuntimeError('InternalServerException', 'The local Lex runtime failed; see its log.'));
      else res.end();
    });
  };
  // The SDK's default handler for this client speaks HTTP/2 (cleartext, prior knowledge, for an
  // http:// endpoint); other tools speak HTTP/1.1. One port serves both, told apart by the
  // HTTP/2 connection preface ("PRI * HTTP/2.0…").
  const http1Server = http.createServer(onRequest);
  const http2Server = http2.createServer();
  http2Server.on('request', onRequest);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      (first.toString('latin1', 0, 3) === 'PRI' ? http2Server : http1Server).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    endpoint: `http://${host}:${port}`,
    port,
    bot,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;

async function handle(runtime: LexRuntime, req: Request, res: Response): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const match = SESSION_PATH.exec(url.pathname);
  if (!match) return sendError(res, new LexRuntimeError('UnknownOperationException', `No Lex runtime operation at ${req.method} ${url.pathname}`));
  let path: SessionPath;
  try {
    path = { botId: decodeURIComponent(match[1]), botAliasId: decodeURIComponent(match[2]), localeId: decodeURIComponent(match[3]), sessionId: decodeURIComponent(match[4]) };
  } catch {
    return sendError(res, validation('The path is not valid percent-encoding'));
  }
  const operation = `${req.method} ${match[5] ?? ''}`;
  try {
    switch (operation) {
      case 'POST /text':
        return sendJson(res, await runtime.recognizeText(path, await readJson(req)));
      case 'GET ':
        return sendJson(res, runtime.getSession(path));
      case 'POST ': {
        const put = runtime.putSession(path, await readJson(req));
        // PutSession answers in headers, each gzip-compressed then base64-encoded, over an empty (audio) body.
        res.writeHead(200, {
          'content-type': req.headers['responsecontenttype'] ?? 'text/plain; charset=utf-8',
          'x-amzn-requestid': randomUUID(),
          'x-amz-lex-session-id': put.sessionId,
          'x-amz-lex-session-state': packed(put.sessionState),
          ...(put.messages.length > 0 ? { 'x-amz-lex-messages': packed(put.messages) } : {}),
          ...(put.requestAttributes ? { 'x-amz-lex-request-attributes': packed(put.requestAttributes) } : {}),
        });
        res.end();
        return;
      }
      case 'DELETE ':
        return sendJson(res, runtime.deleteSession(path));
      case 'POST /utterance':
      case 'POST /conversation':
        throw validation(`${match[5] === '/utterance' ? 'RecognizeUtterance' : 'StartConversation'} (speech) is not supported by the local runtime; use RecognizeText`);
      default:
        throw new LexRuntimeError('UnknownOperationException', `No Lex runtime operation at ${req.method} ${url.pathname}`);
    }
  } catch (e) {
    if (e instanceof LexRuntimeError) return sendError(res, e);
    throw e;
  }
}

async function readJson(req: Request): Promise<unknown> {
  let text: string;
  try {
    text = await readRequestText(req, { maxBytes: MAX_BODY_BYTES });
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw validation(e.message);
    throw e;
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw validation('The request body is not valid JSON');
  }
}

function sendJson(res: Response, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': randomUUID() });
  res.end(text);
}

function sendError(res: Response, error: LexRuntimeError): void {
  const text = JSON.stringify({ message: error.message });
  res.writeHead(error.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-errortype': error.errorType,
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

function packed(value: unknown): string {
  return gzipSync(Buffer.from(JSON.stringify(value))).toString('base64');
}
