/**
 * Private files as Slack serves them (wire-formats.md §5.3): `url_private(_download)` answers the
 * bytes only to the bot token with files:read; anyone else gets HTTP 200 and the HTML sign-in
 * page. Redirect cases: same origin (token needed on both hops) and cross origin, to a second
 * "edge" server that needs no token — the one place a token must never arrive.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename } from 'node:path';
import type { SlackFile } from '../../slack/slack-types';
import { nextTs } from './events';

export type FileDelivery = 'direct' | 'redirect-same-origin' | 'redirect-cross-origin';

export interface FileToRegister {
  /** A path to read, or the bytes themselves. */
  path?: string;
  bytes?: Uint8Array;
  name?: string;
  /** Defaults from the name's extension. */
  mimetype?: string;
  delivery?: FileDelivery;
  /** What `size` claims, when it should differ from the bytes (the too-big case). */
  declaredSize?: number;
  /** Conversations the file is already shared in, as if posted there before. */
  sharedIn?: string[];
}

interface StoredFile {
  file: SlackFile;
  bytes: Uint8Array;
  delivery: FileDelivery;
  /** Conversation id → timestamps of the messages that shared the file there. */
  shares: Map<string, string[]>;
}

/** One request for a file, at either host, as the simulator saw it. */
export interface FileRequest {
  host: 'slack' | 'edge';
  path: string;
  /** The Authorization header as received, if any. */
  authorization?: string;
  served: 'file' | 'login-page' | 'redirect' | 'not-found';
}

const MIMETYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  heic: 'image/heic',
  pdf: 'application/pdf',
  txt: 'text/plain',
};

const LOGIN_PAGE = `<!DOCTYPE html>
<html lang="en-US">
<head><meta charset="utf-8"><title>Slack</title></head>
<body>
<h1>Sign in to your workspace</h1>
<p>To continue, sign in to Slack. (Served by the Slack simulator: the request had no valid bot
token, or the token lacks the files:read scope.)</p>
<form action="/signin" method="post"><input type="email" name="email"><button>Continue</button></form>
</body>
</html>
`;

let fileCounter = 0;

export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  readonly requests: FileRequest[] = [];

  constructor(
    private readonly teamId: string,
    private readonly ownerId: string,
    /** The simulator's origin and the edge server's, e.g. http://127.0.0.1:4020. */
    private readonly origins: { slack: string; edge: string },
  ) {}

  register(spec: FileToRegister): SlackFile {
    if (spec.bytes === undefined && spec.path === undefined) throw new Error('registerFile needs bytes or a path');
    const bytes = spec.bytes ?? readFileSync(spec.path as string);
    const name = spec.name ?? (spec.path !== undefined ? basename(spec.path) : 'image.jpg');
    const extension = name.split('.').pop()?.toLowerCase() ?? '';
    const mimetype = spec.mimetype ?? MIMETYPES[extension] ?? 'application/octet-stream';
    fileCounter += 1;
    const id = `F0SIM${String(fileCounter).padStart(5, '0')}`;
    const base = `${this.origins.slack}/files-pri/${this.teamId}-${id}`;
    const encoded = encodeURIComponent(name);
    const now = Math.floor(Date.now() / 1000);
    const file: SlackFile = {
      id,
      created: now,
      timestamp: now,
      name,
      title: name,
      mimetype,
      filetype: extension,
      pretty_type: extension.toUpperCase(),
      user: this.ownerId,
      mode: 'hosted',
      is_external: false,
      is_public: false,
      size: spec.declaredSize ?? bytes.length,
      url_private: `${base}/${encoded}`,
      url_private_download: `${base}/download/${encoded}`,
      permalink: `${this.origins.slack}/files/${this.ownerId}/${id}/${encoded}`,
    };
    const stored: StoredFile = { file, bytes, delivery: spec.delivery ?? 'direct', shares: new Map() };
    this.files.set(id, stored);
    for (const conversation of spec.sharedIn ?? []) this.share(id, conversation, nextTs());
    return file;
  }

  /** A message at `ts` in `conversation` carries the file. */
  share(id: string, conversation: string, ts: string): void {
    const shares = this.files.get(id)?.shares;
    if (shares === undefined) return;
    shares.set(conversation, [...(shares.get(conversation) ?? []), ts]);
  }

  /**
   * The file as `files.info` describes it: with where it is shared, by conversation kind (C…
   * public channels, G… private ones, D… direct messages), as lists and as `shares`.
   */
  info(id: string): SlackFile | undefined {
    const stored = this.files.get(id);
    if (stored === undefined) return undefined;
    const conversations = [...stored.shares.keys()];
    const isPublic = (c: string): boolean => c.startsWith('C');
    const byConversation = (keep: (c: string) => boolean) =>
      Object.fromEntries(conversations.filter(keep).map((c) => [c, (stored.shares.get(c) ?? []).map((ts) => ({ ts }))]));
    return {
      ...stored.file,
      channels: conversations.filter(isPublic),
      groups: conversations.filter((c) => c.startsWith('G')),
      ims: conversations.filter((c) => c.startsWith('D')),
      shares: { public: byConversation(isPublic), private: byConversation((c) => !isPublic(c)) },
    };
  }

  /** GET /files-pri/{team}-{id}/[download/|redirected/]{name} on the simulator's own host. */
  serveSlack(req: IncomingMessage, res: ServerResponse, url: URL, authorized: boolean): void {
    const match = /^\/files-pri\/[A-Z0-9]+-(F[A-Z0-9]+)\/(download\/|redirected\/)?([^/]+)$/.exec(url.pathname);
    const stored = match ? this.files.get(match[1]) : undefined;
    const record = (served: FileRequest['served']): void => {
      this.requests.push({ host: 'slack', path: url.pathname, authorization: req.headers.authorization, served });
    };
    if (!match || !stored) {
      record('not-found');
      res.writeHead(404, { 'content-type': 'text/plain' }).end('file not found');
      return;
    }
    if (!authorized) {
      record('login-page');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(LOGIN_PAGE);
      return;
    }
    const hop = match[2];
    if (stored.delivery === 'redirect-same-origin' && hop !== 'redirected/') {
      record('redirect');
      res.writeHead(302, { location: `/files-pri/${this.teamId}-${stored.file.id}/redirected/${match[3]}` }).end();
      return;
    }
    if (stored.delivery === 'redirect-cross-origin') {
      record('redirect');
      res.writeHead(302, { location: `${this.origins.edge}/edge/${stored.file.id}/${match[3]}?sig=${edgeSignature(stored.file.id)}` }).end();
      return;
    }
    record('file');
    sendBytes(res, stored);
  }

  /** GET /edge/{id}/{name}?sig=… on the edge host: pre-signed, no token needed (nor wanted). */
  serveEdge(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const match = /^\/edge\/(F[A-Z0-9]+)\/[^/]+$/.exec(url.pathname);
    const stored = match ? this.files.get(match[1]) : undefined;
    const ok = stored !== undefined && url.searchParams.get('sig') === edgeSignature(stored.file.id);
    this.requests.push({ host: 'edge', path: url.pathname, authorization: req.headers.authorization, served: ok ? 'file' : 'not-found' });
    if (!ok) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such object');
      return;
    }
    sendBytes(res, stored);
  }
}

function sendBytes(res: ServerResponse, stored: StoredFile): void {
  res.writeHead(200, { 'content-type': stored.file.mimetype ?? 'application/octet-stream', 'content-length': stored.bytes.length }).end(stored.bytes);
}

function edgeSignature(fileId: string): string {
  return Buffer.from(`edge:${fileId}`).toString('base64url');
}
