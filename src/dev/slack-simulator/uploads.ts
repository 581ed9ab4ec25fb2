/**
 * Slack's file upload flow (wire-formats.md §5; api.slack.com/messaging/files#uploading_files):
 * `files.getUploadURLExternal` hands out an upload URL and a file id, the bytes are POSTed there
 * (raw or as multipart form data, no token needed), and `files.completeUploadExternal` shares the
 * files in a channel or thread. The simulator keeps every completed upload with its bytes.
 */
import { readRequestBody, BodyTooLargeError } from '../http-body';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface UploadedFile {
  id: string;
  filename: string;
  title?: string;
  altText?: string;
  bytes: Buffer;
  /** The Authorization header the bytes came with: none is needed, and the bot token must not be sent. */
  authorization?: string;
  channel?: string;
  threadTs?: string;
  initialComment?: string;
}

interface PendingUpload {
  id: string;
  filename: string;
  length: number;
  altText?: string;
  bytes?: Buffer;
  authorization?: string;
}

/** Slack's limit on one file. */
const MAX_FILE_BYTES = 1024 * 1024 * 1024;
/** What the simulator will hold in memory for one upload. */
const MAX_SIMULATED_BYTES = 64 * 1024 * 1024;

let uploadCounter = 0;

export class UploadStore {
  private readonly pending = new Map<string, PendingUpload>();
  readonly completed: UploadedFile[] = [];

  constructor(private readonly origin: string) {}

  /** files.getUploadURLExternal */
  begin(args: Record<string, unknown>): Record<string, unknown> {
    const filename = typeof args.filename === 'string' ? args.filename : '';
    const length = Number(args.length);
    if (filename === '') return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] missing required field: filename'] } };
    if (!Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] missing required field: length'] } };
    if (length > MAX_FILE_BYTES) return { ok: false, error: 'file_size_exceeded' };
    uploadCounter += 1;
    const id = `F0UPL${String(uploadCounter).padStart(5, '0')}`;
    this.pending.set(id, { id, filename, length, ...(typeof args.alt_text === 'string' ? { altText: args.alt_text } : {}) });
    return { ok: true, upload_url: `${this.origin}/upload/v1/${id}`, file_id: id };
  }

  /** POST /upload/v1/{id}: the bytes, raw or in a multipart form's file field. */
  async receive(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const upload = this.pending.get(id);
    if (upload === undefined || upload.bytes !== undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('upload not found');
      return;
    }
    let body: Buffer;
    try {
      body = await readRequestBody(req, { maxBytes: MAX_SIMULATED_BYTES });
    } catch (e) {
      if (!(e instanceof BodyTooLargeError)) throw e;
      res.writeHead(413, { 'content-type': 'text/plain' }).end('too large');
      return;
    }
    const bytes = await fileBytes(body, req.headers['content-type']);
    if (bytes === undefined) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('no file in the form');
      return;
    }
    upload.bytes = bytes;
    upload.authorization = req.headers.authorization;
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
  }

  /** files.completeUploadExternal */
  complete(args: Record<string, unknown>): Record<string, unknown> {
    const files = args.files;
    if (!Array.isArray(files) || files.length === 0) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] missing required field: files'] } };
    const channel = typeof args.channel_id === 'string' && args.channel_id !== '' ? args.channel_id : undefined;
    const threadTs = typeof args.thread_ts === 'string' && args.thread_ts !== '' ? args.thread_ts : undefined;
    if (threadTs !== undefined && channel === undefined) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] thread_ts requires channel_id'] } };
    const done: UploadedFile[] = [];
    for (const entry of files as Array<{ id?: unknown; title?: unknown }>) {
      const upload = typeof entry?.id === 'string' ? this.pending.get(entry.id) : undefined;
      if (upload === undefined || upload.bytes === undefined) return { ok: false, error: 'file_not_found' };
      if (upload.bytes.length !== upload.length) return { ok: false, error: 'file_upload_size_mismatch' };
      done.push({
        id: upload.id,
        filename: upload.filename,
        ...(typeof entry.title === 'string' ? { title: entry.title } : {}),
        ...(upload.altText !== undefined ? { altText: upload.altText } : {}),
        bytes: upload.bytes,
        ...(upload.authorization !== undefined ? { authorization: upload.authorization } : {}),
        ...(channel !== undefined ? { channel } : {}),
        ...(threadTs !== undefined ? { threadTs } : {}),
        ...(typeof args.initial_comment === 'string' ? { initialComment: args.initial_comment } : {}),
      });
    }
    for (const file of done) this.pending.delete(file.id);
    this.completed.push(...done);
    return { ok: true, files: done.map((f) => ({ id: f.id, title: f.title ?? f.filename, name: f.filename, size: f.bytes.length })) };
  }
}

async function fileBytes(body: Buffer, contentType: string | undefined): Promise<Buffer | undefined> {
  if (!contentType?.startsWith('multipart/form-data')) return body;
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  return undefined;
}
