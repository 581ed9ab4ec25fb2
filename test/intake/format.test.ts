import { readFileSync } from 'node:fs';
import { detectImageFormat, requireReadableFormat } from '../../src/inference/intake';
import { testImage } from '../helpers/paths';
import { expectImageError, ftyp } from './helpers';

const ascii = (text: string) => Buffer.from(text, 'latin1');
const check = (bytes: Uint8Array) => Promise.resolve().then(() => requireReadableFormat(bytes));

describe('format detection from the bytes', () => {
  test.each([
    ['cat_720p.jpg', 'jpeg'],
    ['coffee.png', 'png'],
    ['bird.bmp', 'bmp'],
  ])('%s is %s', (file, format) => {
    expect(detectImageFormat(readFileSync(testImage(file)))).toBe(format);
  });

  test.each([
    ['GIF89a', ascii('GIF89a\x01\x00\x01\x00'), 'gif'],
    ['GIF87a', ascii('GIF87a\x01\x00\x01\x00'), 'gif'],
    ['WebP', ascii('RIFF\x00\x00\x00\x00WEBPVP8 '), 'webp'],
    ['TIFF little-endian', Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), 'tiff'],
    ['TIFF big-endian', Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), 'tiff'],
    ['HEIC', ftyp('heic', ['mif1', 'heic']), 'heic'],
    ['HEIF mif1', ftyp('mif1', ['mif1', 'heic']), 'heic'],
    ['AVIF', ftyp('avif', ['avif', 'mif1', 'miaf']), 'avif'],
    ['AVIF under mif1', ftyp('mif1', ['avif', 'mif1', 'miaf']), 'avif'],
  ])('%s', (_name, bytes, format) => {
    expect(detectImageFormat(bytes)).toBe(format);
  });

  test.each([
    ['HTML', ascii('<!DOCTYPE html><html><head><title>Login</title></head></html>')],
    ['JSON', ascii('{"error":"not_authed"}')],
    ['text starting with BM', ascii('BM is a fine pair of letters to start a sentence with')],
    ['an MP4 video', ftyp('isom', ['isom', 'mp41'])],
    ['RIFF but not WebP (a WAV file)', ascii('RIFF\x00\x00\x00\x00WAVEfmt ')],
    ['empty', new Uint8Array(0)],
  ])('%s is not an image', async (_name, bytes) => {
    expect(detectImageFormat(bytes)).toBeUndefined();
    await expectImageError(check(bytes), 'not_an_image');
  });

  test.each([
    ['HEIC', ftyp('heic', ['mif1', 'heic']), /HEIC/],
    ['AVIF', ftyp('avif', ['avif', 'mif1']), /AVIF/],
    ['TIFF', Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), /TIFF/],
  ])('%s is recognised and refused as unsupported_format, naming the format', async (_name, bytes, name) => {
    const e = await expectImageError(check(bytes), 'unsupported_format');
    expect(e.userMessage).toMatch(name);
    expect(e.userMessage).toMatch(/JPEG, PNG, GIF, WebP or BMP/);
  });

  test('the operator detail shows what the bytes were', async () => {
    const e = await expectImageError(check(ascii('<html><body>Sign in to Slack</body></html>')), 'not_an_image');
    expect(e.message).toMatch(/<html><body>Sign/);
  });
});
