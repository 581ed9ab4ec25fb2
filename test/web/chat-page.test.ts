/**
 * The chat page in a real headless Chromium (Debian's `chromium`, driven by playwright-core)
 * against `npm start`: a question with a picture link, a picture picked from the disk and
 * uploaded through the presigned form, a file that is not a picture, the card's buttons by
 * keyboard — no script errors, and a screenshot of the answered page for a person to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { LOCAL_UPLOADS_BUCKET } from '../../src/dev/web-chat';
import { createS3Client } from '../../src/inference/s3-client';
import { testImage } from '../helpers/paths';
import { startNpmStart, type RunningStack } from './npm-start';

const PORTS = { S3_PORT: 33269, HTTP_PORT: 33200, LAMBDA_PORT: 33202, WORKER_LAMBDA_PORT: 33203, LEX_PORT: 33210, SLACK_SIM_PORT: 33220, FILES_PORT: 33230, DYNAMODB_PORT: 33270 };
const CHAT_URL = `http://127.0.0.1:${PORTS.HTTP_PORT}/`;
const CHROMIUM = '/usr/bin/chromium';
/** IMAGE_MAX_BYTES's default. */
const MAX_BYTES = 15 * 1024 * 1024;
/** Where the screenshots go (git-ignored). */
const OUTPUT_DIR = join(__dirname, '..', '..', 'build', 'test-output', 'chat-page');

let stack: RunningStack;
let profile: string;
let context: BrowserContext;
let page: Page;
const scriptErrors: string[] = [];
/** While the offline test runs, failed requests are what it wants. */
let offline = false;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  mkdirSync(OUTPUT_DIR, { recursive: true });
  stack = await startNpmStart(PORTS);
  profile = mkdtempSync(join(tmpdir(), 'whatsthat-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport: { width: 900, height: 1100 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => scriptErrors.push(`pageerror: ${e.message}`));
  // Refusals the page shows as the bot's sentence (415, 413) are answers, not script errors; a
  // missing file of the page would be.
  page.on('console', (m) => m.type() === 'error' && !offline && !/^Failed to load resource: the server responded with a status of 41[35]/.test(m.text()) && scriptErrors.push(`console: ${m.text()}`));
  page.on('response', (r) => r.status() === 404 && scriptErrors.push(`404: ${r.url()}`));
  page.on('requestfailed', (r) => !offline && scriptErrors.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  await page.goto(CHAT_URL);
}, 240_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await stack?.stop();
}, 60_000);

const conversation = (): ReturnType<Page['locator']> => page.locator('#conversation');
const botBubbles = (): ReturnType<Page['locator']> => page.locator('#conversation li.bot');

interface BrowserGlobals {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: Uint8Array[], name: string, opts: { type: string }) => unknown;
  atob(text: string): string;
}

async function uploadsInBucket(): Promise<number> {
  const s3 = createS3Client(`http://127.0.0.1:${PORTS.S3_PORT}`);
  try {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: LOCAL_UPLOADS_BUCKET, Prefix: 'uploads/' }));
    return listed.KeyCount ?? 0;
  } finally {
    s3.destroy();
  }
}

test('the page is labelled for assistive technology and announces the conversation', async () => {
  await expect(page.getByLabel('Your message')).toBeTruthy();
  expect(await page.getByLabel('Your message').count()).toBe(1);
  expect(await page.getByLabel('Add a picture from your device').count()).toBe(1);
  expect(await conversation().getAttribute('aria-live')).toBe('polite');
  expect(await conversation().getAttribute('role')).toBe('log');
  expect(await botBubbles().first().textContent()).toMatch(/link to a picture/);
});

test('typing a question with a picture link and pressing Enter gets the answer, with the runners-up as bars', async () => {
  const before = await botBubbles().count();
  const box = page.getByLabel('Your message');
  await box.fill(`what is in http://127.0.0.1:${PORTS.FILES_PORT}/parrot.jpg`);
  await box.press('Enter');
  await page.locator('#conversation li.bot', { hasText: "That's a macaw" }).waitFor({ timeout: 60_000 });
  expect(await botBubbles().count()).toBeGreaterThan(before);
  expect(await box.inputValue()).toBe('');
  const bars = page.locator('.guesses li');
  expect(await bars.count()).toBeGreaterThanOrEqual(2);
  expect(await bars.first().textContent()).toMatch(/^macaw\s*\d+%$/);
  // The card's buttons are buttons, and work from the keyboard alone.
  const button = page.getByRole('button', { name: 'What else could it be?' }).last();
  await button.focus();
  await page.keyboard.press('Enter');
  await page.locator('#conversation li.bot', { hasText: /next guesses|could also be/ }).waitFor({ timeout: 30_000 });
}, 90_000);

test('picking a picture from the disk shows it, uploads it through the presigned form and gets the answer', async () => {
  const uploadsBefore = await uploadsInBucket();
  await page.getByLabel('Add a picture from your device').setInputFiles(testImage('hot_dog.jpg'));
  await page.locator('#conversation li.bot', { hasText: "That's a hotdog" }).waitFor({ timeout: 60_000 });
  expect(await page.locator('#conversation li.you img.thumbnail[alt="Your picture: hot_dog.jpg"]').count()).toBe(1);
  expect(await uploadsInBucket()).toBe(uploadsBefore + 1);
  // What a person sees: the viewport, scrolled to the newest answer by the page.
  await page.screenshot({ path: join(OUTPUT_DIR, 'answered.png') });
}, 90_000);

test('a file that is not a picture gets the bot\'s sentence, in the conversation', async () => {
  await page.getByLabel('Add a picture from your device').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
  await page.locator('#conversation li.bot', { hasText: "That isn't a picture I can read" }).waitFor({ timeout: 30_000 });
  // One claiming to be a JPEG gets past the type check; the bot reads the bytes and says the same.
  const count = await page.locator('#conversation li.bot', { hasText: "That isn't a picture I can read" }).count();
  await page.getByLabel('Add a picture from your device').setInputFiles({ name: 'fake.jpg', mimeType: 'image/jpeg', buffer: readFileSync(__filename) });
  await page.locator('#conversation li.bot', { hasText: "That isn't a picture I can read" }).nth(count).waitFor({ timeout: 60_000 });
  await page.screenshot({ path: join(OUTPUT_DIR, 'refused.png') });
}, 90_000);

test('a picture dropped on the page is uploaded and answered', async () => {
  const bytes = readFileSync(testImage('cat_720p.jpg')).toString('base64');
  // Runs in the page: the browser's own DataTransfer and File (the tests compile without DOM types).
  const dataTransfer = await page.evaluateHandle((b64) => {
    const w = globalThis as unknown as BrowserGlobals;
    const transfer = new w.DataTransfer();
    transfer.items.add(new w.File([Uint8Array.from(w.atob(b64), (c) => c.charCodeAt(0))], 'cat.jpg', { type: 'image/jpeg' }));
    return transfer;
  }, bytes);
  await page.dispatchEvent('#drop-zone', 'dragover', { dataTransfer });
  expect(await page.locator('#drop-hint').isVisible()).toBe(true);
  await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer });
  await page.locator('#conversation li.bot', { hasText: /kind of cat/ }).waitFor({ timeout: 60_000 });
  expect(await page.locator('#conversation li.you img[alt="Your picture: cat.jpg"]').count()).toBe(1);
  expect(await page.locator('#drop-hint').isVisible()).toBe(false);
}, 90_000);

test('a picture over the size limit gets the bot\'s sentence naming the limit, and nothing is uploaded', async () => {
  const uploadsBefore = await uploadsInBucket();
  await page.getByLabel('Add a picture from your device').setInputFiles({ name: 'huge.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(MAX_BYTES + 1, 0xff) });
  await page.locator('#conversation li.bot', { hasText: 'That picture is too big for me. Send one under 15 MB.' }).waitFor({ timeout: 30_000 });
  expect(await uploadsInBucket()).toBe(uploadsBefore);
}, 60_000);

test('keyboard only: Tab goes from the message box to Send, then to the picture picker', async () => {
  await page.getByLabel('Your message').focus();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe('send');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe('picture');
});

test('without a network the bot says so in the conversation, and the next question works again', async () => {
  offline = true;
  await context.setOffline(true);
  const box = page.getByLabel('Your message');
  await box.fill('hello?');
  await box.press('Enter');
  await page.locator('#conversation li.bot.error', { hasText: "I couldn't reach the server" }).waitFor({ timeout: 30_000 });
  await context.setOffline(false);
  offline = false;
  await box.fill('help');
  await box.press('Enter');
  await page.locator('#conversation li.bot', { hasText: "I tell you what's in a picture" }).waitFor({ timeout: 30_000 });
}, 60_000);

test('the page had no script errors', () => {
  expect(scriptErrors).toEqual([]);
});
