/**
 * A local stand-in for Slack: the Web API methods the app calls (reached through SLACK_API_URL),
 * private files behind the bot token, and correctly signed event deliveries to the app's request
 * URL. Local tooling for the local stack and tests; never bundled into a Lambda.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRequestText } from '../http-body';
import type { SlackEventEnvelope, SlackFile, SlackMessageLikeEvent } from '../../slack/slack-types';
import { CallLog, type RecordedCall } from './call-log';
import { ConversationStore } from './conversations';
import { handleLoadRoute } from './load-routes';
import { appMentionEvent, DEFAULT_WORKSPACE, envelope, messageEvent, signature, type MessageFacts, type Workspace } from './events';
import { Faults, type FaultSpec } from './faults';
import { FileStore, type FileRequest, type FileToRegister } from './files';
import { simPost } from './sim-post';
import { UploadStore, type UploadedFile } from './uploads';
import { callMethod, DEFAULT_SCOPES, type Auth } from './web-api';

export interface SlackSimulatorOptions {
  botToken: string;
  signingSecret: string;
  /** The app's request URL (…/slack/events); can be set later with `setEventsUrl`. */
  eventsUrl?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  workspace?: Partial<Workspace>;
  scopes?: string[];
}

export interface DeliveryOptions {
  /** Sends X-Slack-Retry-Num (and X-Slack-Retry-Reason: http_timeout), as Slack's redeliveries do. */
  retryNum?: number;
  /** Unix seconds to sign with; defaults to now. */
  timestamp?: number;
  /** Overrides the computed signature (to test rejection). */
  signature?: string;
}

export interface Delivery {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  envelopes: SlackEventEnvelope<SlackMessageLikeEvent>[];
  deliveries: Delivery[];
}

export interface SlackSimulator {
  /** http://127.0.0.1:port */
  url: string;
  /** What the app's SLACK_API_URL must be: `${url}/api/`. */
  apiUrl: string;
  /** host:port of the simulator, and of the edge host cross-origin redirects go to. */
  host: string;
  edgeHost: string;
  workspace: Workspace;
  /** The bot token's scopes; remove one to see how the app copes. */
  scopes: Set<string>;
  calls: CallLog;
  /** Every request for a private file, at both hosts, with its Authorization header. */
  fileRequests: FileRequest[];
  /** Files the bot uploaded and shared (files.completeUploadExternal), with their bytes. */
  uploads: UploadedFile[];
  registerFile(spec: FileToRegister): SlackFile;
  setEventsUrl(url: string): void;
  /** Answers chosen Web API calls with a 429 + Retry-After or an error (also `POST /sim/faults`). */
  failCalls(spec: FaultSpec): void;
  clearFaults(): void;
  /** Signs `payload` (an object or the exact body) and POSTs it to the app, as Slack does. */
  postEvent(payload: object | string, opts?: DeliveryOptions): Promise<Delivery>;
  /**
   * A person posts a message. Like Slack, a channel message that mentions the bot is delivered
   * twice: as a `message` event and as an `app_mention` event, with different event ids.
   */
  userPosts(facts: MessageFacts & { mention?: boolean }): Promise<PostedMessage>;
  /** The bot's answers in the thread of message `ts`. */
  answersTo(channel: string, ts: string): RecordedCall[];
  /** The files the bot shared in the thread of message `ts`. */
  uploadsTo(channel: string, ts: string): UploadedFile[];
  /** Waits until the bot removes its 👀 from message `ts` (its last step), then returns the answers. */
  waitUntilAnswered(channel: string, ts: string, opts?: { timeoutMs?: number }): Promise<RecordedCall[]>;
  stop(): Promise<void>;
}

const WORKING_REACTION = 'eyes';

export async function startSlackSimulator(opts: SlackSimulatorOptions): Promise<SlackSimulator> {
  const workspace: Workspace = { ...DEFAULT_WORKSPACE, ...opts.workspace };
  const calls = new CallLog();
  const scopes = new Set(opts.scopes ?? DEFAULT_SCOPES);
  const reactions = new Set<string>();
  const faults = new Faults();
  let eventsUrl = opts.eventsUrl;

  const authOf = (req: IncomingMessage, args: Record<string, unknown>): Auth => {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : typeof args.token === 'string' ? args.token : undefined;
    if (token === undefined || token === '') return 'none';
    return token === opts.botToken ? 'bot' : 'invalid';
  };

  // Both servers answer only after this function has returned, when `files` and `sim` exist.
  const edge = await listen(
    createServer((req, res) => {
      files.serveEdge(req, res, requestUrl(req));
    }),
    0,
  );
  const main = await listen(
    createServer((req, res) => {
      handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`simulator error: ${(e as Error).message}`);
      });
    }),
    opts.port ?? 0,
  );
  const url = `http://127.0.0.1:${main.port}`;
  const edgeHost = `127.0.0.1:${edge.port}`;
  const files = new FileStore(workspace.teamId, workspace.userId, { slack: url, edge: `http://${edgeHost}` });
  const uploads = new UploadStore(url);
  const conversations = new ConversationStore();

  const sim: SlackSimulator = {
    url,
    apiUrl: `${url}/api/`,
    host: `127.0.0.1:${main.port}`,
    edgeHost,
    workspace,
    scopes,
    calls,
    fileRequests: files.requests,
    uploads: uploads.completed,
    registerFile: (spec) => files.register(spec),
    setEventsUrl(eventsUrlNow) {
      eventsUrl = eventsUrlNow;
    },
    failCalls: (spec) => faults.add(spec),
    clearFaults: () => faults.clear(),
    async postEvent(payload, deliveryOpts = {}) {
      if (eventsUrl === undefined) throw new Error('the simulator does not know the app\'s events URL (eventsUrl / setEventsUrl)');
      return deliver(eventsUrl, opts.signingSecret, payload, deliveryOpts);
    },
    async userPosts(facts) {
      const channel = facts.channel ?? workspace.dmChannel;
      const text = facts.mention ? `<@${workspace.botUserId}> ${facts.text ?? ''}`.trim() : (facts.text ?? '');
      const message = messageEvent(workspace, { ...facts, channel, text });
      for (const file of facts.files ?? []) files.share(file.id, channel, message.ts);
      conversations.add(channel, { type: 'message', ts: message.ts, text, user: message.user, ...(message.thread_ts !== undefined ? { thread_ts: message.thread_ts } : {}) });
      const envelopes: SlackEventEnvelope<SlackMessageLikeEvent>[] = [envelope(workspace, message)];
      if (facts.mention && !channel.startsWith('D')) {
        envelopes.push(envelope(workspace, appMentionEvent(workspace, { ...facts, channel, text, ts: message.ts })));
      }
      const deliveries: Delivery[] = [];
      for (const e of envelopes) deliveries.push(await sim.postEvent(e));
      return { channel, ts: message.ts, envelopes, deliveries };
    },
    answersTo(channel, ts) {
      return calls.list('chat.postMessage', (c) => c.response.ok === true && c.args.channel === channel && c.args.thread_ts === ts);
    },
    uploadsTo(channel, ts) {
      return uploads.completed.filter((u) => u.channel === channel && u.threadTs === ts);
    },
    async waitUntilAnswered(channel, ts, waitOpts = {}) {
      await calls.waitFor('reactions.remove', 1, {
        where: (c) => c.args.channel === channel && c.args.timestamp === ts && c.args.name === WORKING_REACTION,
        timeoutMs: waitOpts.timeoutMs,
      });
      return sim.answersTo(channel, ts);
    },
    async stop() {
      await Promise.all([close(main.server), close(edge.server)]);
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    const apiMethod = /^\/api\/([a-zA-Z.]+)$/.exec(url.pathname)?.[1];
    if (apiMethod !== undefined) {
      const args = { ...Object.fromEntries(url.searchParams), ...parseBody(await readRequestText(req), req.headers['content-type']) };
      const auth = authOf(req, args);
      const fault = faults.answer(apiMethod, args);
      if (fault !== undefined) {
        calls.record({ method: apiMethod, args, authorized: auth === 'bot', response: fault.body });
        res.writeHead(fault.status, { 'content-type': 'application/json; charset=utf-8', ...fault.headers }).end(JSON.stringify(fault.body));
        return;
      }
      const response = callMethod(apiMethod, args, auth, { workspace, scopes, files, reactions, uploads, conversations });
      calls.record({ method: apiMethod, args, authorized: auth === 'bot', response });
      sendJson(res, 200, response);
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/files-pri/')) {
      const auth = authOf(req, {});
      files.serveSlack(req, res, url, auth === 'bot' && scopes.has('files:read'));
      return;
    }
    const uploadId = req.method === 'POST' ? /^\/upload\/v1\/(F[A-Z0-9]+)$/.exec(url.pathname)?.[1] : undefined;
    if (uploadId !== undefined) {
      await uploads.receive(req, res, uploadId);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/sim/calls') {
      sendJson(res, 200, { calls: calls.list(url.searchParams.get('method') ?? undefined) });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/sim/post') {
      const answer = await simPost(sim, JSON.parse((await readRequestText(req)) || '{}'));
      sendJson(res, answer.ok ? 200 : 504, answer);
      return;
    }
    if (await handleLoadRoute(sim, req, url, res)) return;
    sendJson(res, 404, { ok: false, error: 'not_found', path: url.pathname });
  }

  return sim;
}

async function deliver(eventsUrl: string, secret: string, payload: object | string, o: DeliveryOptions): Promise<Delivery> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': o.signature ?? signature(secret, timestamp, body),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  if (o.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(o.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const res = await fetch(eventsUrl, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text(), headers: Object.fromEntries(res.headers) };
}

/** Form fields (what @slack/web-api sends) or JSON; blocks, attachments, metadata and files arrive as JSON strings in forms. */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
  for (const key of ['blocks', 'attachments', 'metadata', 'files']) {
    if (typeof args[key] === 'string') {
      try {
        args[key] = JSON.parse(args[key] as string);
      } catch {
        // Left as sent: chat.postMessage then answers invalid_blocks, as Slack does.
      }
    }
  }
  return args;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
}

async function listen(server: Server, port: number): Promise<{ server: Server; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
