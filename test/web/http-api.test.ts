/**
 * The web function's HTTP API through serverless-offline, as `npm start` runs it: the seed's
 * GET /describe?imagelink= on photos served by a local picture host, POST /describe with the
 * bytes, POST /uploads' presigned form into the local S3, POST /chat against the local Lex
 * runtime — and the refusals, each with its code and status.
 */
import { readFileSync } from 'node:fs';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/inference/s3-client';
import { LOCAL_UPLOADS_BUCKET } from '../../src/dev/web-chat';
import type { TestServer } from '../intake/helpers';
import { testImage } from '../helpers/paths';
import { startPhotoHost } from '../helpers/photo-host';
import { startNpmStart, type RunningStack } from './npm-start';

const PORTS = { S3_PORT: 33169, HTTP_PORT: 33100, LAMBDA_PORT: 33102, WORKER_LAMBDA_PORT: 33103, LEX_PORT: 33110, SLACK_SIM_PORT: 33120, FILES_PORT: 33130, DYNAMODB_PORT: 33170 };
const API = `http://127.0.0.1:${PORTS.HTTP_PORT}`;

let photos: TestServer;
let stack: RunningStack;

beforeAll(async () => {
  photos = await startPhotoHost();
  // The picture host stands for the public internet: the stack lets it past the private-address refusal.
  stack = await startNpmStart(PORTS, { IMAGE_FETCH_ALLOW_HOSTS: `127.0.0.1:${photos.port}` });
}, 200_000);

afterAll(async () => {
  await stack?.stop();
  await photos?.close();
}, 30_000);

const describeLink = (link: string): Promise<Response> => fetch(`${API}/describe?imagelink=${encodeURIComponent(link)}`);
const postJson = (path: string, body: unknown): Promise<Response> => fetch(`${API}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('npm start prints the chat page on a line with the word chat', () => {
  expect(stack.output()).toMatch(new RegExp(`^\\s*chat\\s+http://127\\.0\\.0\\.1:${PORTS.HTTP_PORT}/\\s*$`, 'm'));
});

test('GET /describe?imagelink= on a served photo answers the describe --json object naming it, plus "return"', async () => {
  const response = await describeLink(`${photos.origin}/photos/parrot.jpg`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body.label).toBe('macaw');
  expect(body.sentence).toMatch(/macaw/);
  expect(body.return).toBe(body.sentence);
  expect(body).toEqual(expect.objectContaining({ probability: expect.any(Number), predictions: expect.any(Array), objects: expect.any(Array), model: expect.objectContaining({ name: expect.any(String) }), timingsMs: expect.objectContaining({ fetch: expect.any(Number) }) }));
}, 60_000);

test.each([
  { what: 'a private address', link: 'http://169.254.169.254/latest/meta-data/', status: 403, code: 'private_address' },
  { what: 'a 404', link: 'PHOTOS/photos/no-such-photo.jpg', status: 404, code: 'not_found' },
  { what: 'a web page', link: 'PHOTOS/photos/page.html', status: 415, code: 'not_an_image' },
  { what: 'a truncated JPEG', link: 'PHOTOS/photos/broken.jpg', status: 422, code: 'broken_image' },
  { what: 'a file: link', link: 'file:///etc/passwd', status: 400, code: 'forbidden_scheme' },
])('GET /describe on $what answers $status with {"error":{"code":"$code"}}', async ({ link, status, code }) => {
  const response = await describeLink(link.replace('PHOTOS', photos.origin));
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(/\w+ .*\w/);
}, 30_000);

test('GET /describe without a link is a 400 saying what to send', async () => {
  const response = await fetch(`${API}/describe`);
  expect(response.status).toBe(400);
  expect(((await response.json()) as { error: { code: string; message: string } }).error).toEqual({ code: 'bad_request', message: expect.stringMatching(/imagelink/) });
});

test('POST /describe with the picture as the body describes it', async () => {
  const response = await fetch(`${API}/describe`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: readFileSync(testImage('hot_dog.jpg')) });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { label: string }).label).toBe('hotdog');
}, 60_000);

test('POST /describe over the 4 MB limit is a 413 with the limit in the sentence', async () => {
  const response = await fetch(`${API}/describe`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(4 * 1024 * 1024 + 1, 0xff) });
  expect(response.status).toBe(413);
  expect(await response.json()).toEqual({ error: { code: 'too_large', message: expect.stringContaining('4 MB') } });
}, 30_000);

test('POST /uploads grants a presigned form for one picture; the uploaded picture is described through POST /chat', async () => {
  const photo = readFileSync(testImage('parrot.jpg'));
  const grant = (await (await postJson('/uploads', { contentType: 'image/jpeg', size: photo.length })).json()) as { url: string; fields: Record<string, string>; reference: string; maxBytes: number };
  expect(grant.reference).toMatch(new RegExp(`^s3://${LOCAL_UPLOADS_BUCKET}/uploads/[0-9a-f-]{36}\\.jpg$`));
  // The signed policy limits the size and pins the type.
  const policy = JSON.parse(Buffer.from(grant.fields.Policy, 'base64').toString('utf8')) as { conditions: unknown[] };
  expect(policy.conditions).toEqual(expect.arrayContaining([['content-length-range', 1, grant.maxBytes], ['eq', '$Content-Type', 'image/jpeg']]));

  const form = new FormData();
  for (const [name, value] of Object.entries(grant.fields)) form.append(name, value);
  form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'parrot.jpg');
  const upload = await fetch(grant.url, { method: 'POST', body: form, headers: { origin: API } });
  expect(upload.ok).toBe(true);
  expect(upload.headers.get('access-control-allow-origin')).toBe(API);
  const s3 = createS3Client(`http://127.0.0.1:${PORTS.S3_PORT}`);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: LOCAL_UPLOADS_BUCKET, Prefix: grant.reference.split('/').slice(3).join('/') }));
  s3.destroy();
  expect(listed.Contents?.[0]?.Size).toBe(photo.length);

  const chat = await postJson('/chat', { sessionId: 'http-api-test-1', text: "what's in this picture?", imageUrl: grant.reference });
  expect(chat.status).toBe(200);
  const reply = (await chat.json()) as { messages: { type: string; text?: string; buttons?: unknown[] }[]; guesses?: { label: string; runnersUp: unknown[] } };
  expect(reply.messages[0]).toEqual({ type: 'text', text: expect.stringMatching(/macaw/) });
  expect(reply.messages[1]).toEqual(expect.objectContaining({ type: 'card', buttons: expect.arrayContaining([expect.objectContaining({ text: 'What else could it be?' })]) }));
  expect(reply.guesses).toEqual(expect.objectContaining({ label: 'macaw', runnersUp: expect.any(Array) }));
}, 60_000);

test('POST /uploads refuses what is not a picture, and pictures over the limit, in the bot\'s words', async () => {
  const text = await postJson('/uploads', { contentType: 'text/plain', size: 10 });
  expect(text.status).toBe(415);
  expect(((await text.json()) as { error: { code: string } }).error.code).toBe('not_an_image');
  const big = await postJson('/uploads', { contentType: 'image/png', size: 200 * 1024 * 1024 });
  expect(big.status).toBe(413);
  expect(((await big.json()) as { error: { message: string } }).error.message).toMatch(/too big/);
});

test('POST /chat passes on only references to its own uploads', async () => {
  const response = await postJson('/chat', { sessionId: 'http-api-test-2', text: "what's in this picture?", imageUrl: 's3://whatsthat-models-local/models/mobilenet_v2_1.0_224_quant/1.0.0/weights.bin' });
  expect(response.status).toBe(400);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe('bad_request');
});

test('POST /chat keeps the conversation by session id: "what else could it be?" after a link', async () => {
  await postJson('/chat', { sessionId: 'http-api-test-3', text: `what is in ${photos.origin}/photos/hot_dog.jpg` });
  const response = await postJson('/chat', { sessionId: 'http-api-test-3', text: 'what else could it be?' });
  const reply = (await response.json()) as { messages: { text?: string }[]; guesses?: unknown };
  expect(reply.messages[0].text).toMatch(/hotdog/);
  expect(reply.guesses).toBeUndefined();
}, 60_000);

test('GET / serves the chat page, its script and its styles, scripts limited to the page\'s own origin', async () => {
  const page = await fetch(`${API}/`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  expect(await page.text()).toMatch(/<label for="message">/);
  const script = await fetch(`${API}/chat.js`);
  expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  expect(await script.text()).toMatch(/sessionStorage/);
  expect((await fetch(`${API}/chat.css`)).headers.get('content-type')).toMatch(/^text\/css/);
});
