/**
 * A public-internet picture host, played by a local server that the intake is told to allow:
 * `/photos/<name>` serves a photo of ../shared/images, and two names stand for the ways a link
 * goes wrong — `broken.jpg` (the first 4 kB of a real JPEG: right magic bytes, no image behind
 * them) and `page.html` (a web page where a picture was expected); `screenshot.png` is text
 * rendered by the test (see rendered-text.ts).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { startServer, type TestServer } from '../intake/helpers';
import { testImage } from './paths';
import { renderedScreenshot } from './rendered-text';

const TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.png': 'image/png', '.bmp': 'image/bmp' };

export function startPhotoHost(): Promise<TestServer> {
  return startServer((req, res) => {
    const name = /^\/photos\/([\w.-]+)$/.exec(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)?.[1];
    contentOf(name).then(
      ({ type, body }) => res.writeHead(200, { 'content-type': type }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
}

async function contentOf(name: string | undefined): Promise<{ type: string; body: Buffer | string }> {
  if (name === undefined) throw new Error('not a photo path');
  if (name === 'broken.jpg') return { type: 'image/jpeg', body: (await readFile(testImage('parrot.jpg'))).subarray(0, 4096) };
  if (name === 'screenshot.png') return { type: 'image/png', body: await renderedScreenshot() };
  if (name === 'page.html') return { type: 'text/html', body: '<!DOCTYPE html><html><body><img src="parrot.jpg"></body></html>' };
  return { type: TYPES[extname(name)] ?? 'application/octet-stream', body: await readFile(testImage(name)) };
}
