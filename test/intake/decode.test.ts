import { readdirSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { decodeForModel } from '../../src/inference/intake';
import { TEST_IMAGES_DIR, testImage } from '../helpers/paths';
import { expectImageError, ftyp, pngClaiming } from './helpers';

const SIZE = 224;
const pixelAt = (pixels: Uint8Array, x: number, y: number) => Array.from(pixels.subarray((y * SIZE + x) * 3, (y * SIZE + x) * 3 + 3));
const solid = (width: number, height: number, background: string) => sharp({ create: { width, height, channels: 3, background } });

describe('decodeForModel', () => {
  const photos = readdirSync(TEST_IMAGES_DIR).filter((f) => /\.(jpg|png|bmp)$/.test(f));

  test('the folder holds jpg, png and bmp photos', () => {
    expect(photos.filter((f) => f.endsWith('.jpg')).length).toBeGreaterThan(0);
    expect(photos.filter((f) => f.endsWith('.png')).length).toBeGreaterThan(0);
    expect(photos.filter((f) => f.endsWith('.bmp')).length).toBeGreaterThan(0);
  });

  test.each(photos)('%s decodes to 224×224 RGB', async (file) => {
    const decoded = await decodeForModel(readFileSync(testImage(file)));
    expect(decoded.pixels).toHaveLength(SIZE * SIZE * 3);
    expect(decoded.format).toBe({ jpg: 'jpeg', png: 'png', bmp: 'bmp' }[file.slice(-3)]);
    if (decoded.format !== 'bmp') {
      const meta = await sharp(testImage(file)).metadata();
      expect([decoded.width, decoded.height]).toEqual([meta.autoOrient.width, meta.autoOrient.height]);
    }
  });

  test.each(['cat_720p.jpg', 'parrot.jpg', 'chelsea.png'])(
    '%s: the crop is the reference preprocessing (shorter side to 224 with Lanczos3, then the centre)',
    async (file) => {
      const bytes = readFileSync(testImage(file));
      const { width, height } = await sharp(bytes).metadata();
      const scale = SIZE / Math.min(width, height);
      const [w, h] = [Math.round(width * scale), Math.round(height * scale)];
      const reference = await sharp(bytes, { ignoreIcc: true })
        .resize(w, h, { fit: 'fill', kernel: 'lanczos3', fastShrinkOnLoad: false })
        // Half a pixel of slack rounds up (sharp's convention); measured against reference-top3.tsv
        // it agrees better than rounding down (total probability error 0.21 against 0.32).
        .extract({ left: Math.round((w - SIZE) / 2), top: Math.round((h - SIZE) / 2), width: SIZE, height: SIZE })
        .removeAlpha()
        .raw()
        .toBuffer();
      const { pixels } = await decodeForModel(bytes);
      let sum = 0;
      for (let i = 0; i < pixels.length; i++) sum += Math.abs(pixels[i] - reference[i]);
      // Shrink-on-load and rounding of the resized size may move a few levels, never the picture.
      expect(sum / pixels.length).toBeLessThan(1);
    },
  );

  test('a non-sRGB ICC profile is ignored, as PIL does (rocket.jpg carries Adobe RGB)', async () => {
    const bytes = readFileSync(testImage('rocket.jpg'));
    const ignoring = await sharp(bytes, { ignoreIcc: true }).resize(SIZE, SIZE, { fit: 'cover', kernel: 'lanczos3' }).raw().toBuffer();
    expect(Buffer.from((await decodeForModel(bytes)).pixels).equals(ignoring)).toBe(true);
  });

  test('greyscale becomes three equal channels', async () => {
    const { pixels } = await decodeForModel(readFileSync(testImage('camera.png')));
    for (let i = 0; i < pixels.length; i += 3 * 997) {
      expect(pixels[i]).toBe(pixels[i + 1]);
      expect(pixels[i + 1]).toBe(pixels[i + 2]);
    }
  });

  test('alpha is dropped, not composited: transparent pixels keep their colour (PIL convert("RGB"))', async () => {
    const [w, h] = [400, 300];
    const rgba = Buffer.alloc(w * h * 4);
    for (let i = 0; i < w * h; i++) rgba.set([200, 10, 10, i % w < w / 2 ? 0 : 255], i * 4);
    const png = await sharp(rgba, { raw: { width: w, height: h, channels: 4 } }).png().toBuffer();
    const { pixels } = await decodeForModel(png);
    expect(pixelAt(pixels, 10, 112)).toEqual([200, 10, 10]);
    expect(pixelAt(pixels, 200, 112)).toEqual([200, 10, 10]);
  });

  test('EXIF orientation is respected', async () => {
    // Stored 300×200, left half red and right half blue; orientation 6 shows it turned 90° clockwise:
    // 200 wide, 300 tall, red on top.
    const stored = await solid(300, 200, 'blue')
      .composite([{ input: await solid(150, 200, 'red').png().toBuffer(), left: 0, top: 0 }])
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const decoded = await decodeForModel(stored);
    expect([decoded.width, decoded.height]).toEqual([200, 300]);
    const top = pixelAt(decoded.pixels, 112, 20);
    const bottom = pixelAt(decoded.pixels, 112, 200);
    expect(top[0]).toBeGreaterThan(200);
    expect(top[2]).toBeLessThan(60);
    expect(bottom[2]).toBeGreaterThan(200);
    expect(bottom[0]).toBeLessThan(60);
  });

  test.each(['gif', 'webp'] as const)('animated %s: the first frame', async (format) => {
    const frames = await Promise.all(['red', 'blue', 'lime'].map((c) => solid(120, 80, c).png().toBuffer()));
    const animation = await sharp(frames, { join: { animated: true } })[format]().toBuffer();
    expect((await sharp(animation).metadata()).pages).toBe(3);
    const decoded = await decodeForModel(animation);
    expect(decoded).toMatchObject({ format, width: 120, height: 80 });
    const [r, g, b] = pixelAt(decoded.pixels, 112, 112);
    expect(r).toBeGreaterThan(200);
    expect(g + b).toBeLessThan(60);
  });

  test('a PNG header claiming 50000×50000 pixels is refused before decoding', async () => {
    const e = await expectImageError(decodeForModel(pngClaiming(50000, 50000)), 'too_many_pixels');
    expect(e.message).toMatch(/png header claims more than the limit of 40000000 pixels/);
  });

  test('a BMP header claiming 50000×50000 pixels is refused before anything is allocated', async () => {
    const bmp = Buffer.from(readFileSync(testImage('bird.bmp')).subarray(0, 200));
    bmp.writeInt32LE(50000, 18);
    bmp.writeInt32LE(50000, 22);
    await expectImageError(decodeForModel(bmp), 'too_many_pixels');
  });

  test('the pixel limit is configurable', async () => {
    await expectImageError(decodeForModel(readFileSync(testImage('cat_720p.jpg')), { maxPixels: 1280 * 720 - 1 }), 'too_many_pixels');
    await expect(decodeForModel(readFileSync(testImage('cat_720p.jpg')), { maxPixels: 1280 * 720 })).resolves.toBeDefined();
  });

  test('more bytes than the cap is too_large, with the limit in the sentence', async () => {
    const e = await expectImageError(decodeForModel(readFileSync(testImage('kite_and_cold.jpg')), { maxBytes: 1024 * 1024 }), 'too_large');
    expect(e.userMessage).toBe('That picture is too big for me. Send one under 1 MB.');
  });

  test.each([
    ['JPEG', 'cat_720p.jpg'],
    ['PNG', 'coffee.png'],
    ['BMP', 'dragonfly.bmp'],
  ])('a truncated %s is a broken image', async (_format, file) => {
    const bytes = readFileSync(testImage(file));
    const e = await expectImageError(decodeForModel(bytes.subarray(0, Math.floor(bytes.length / 2))), 'broken_image');
    expect(e.userMessage).toMatch(/damaged or incomplete/);
  });

  test('HEIC and AVIF are refused as unsupported, even though libvips could read AVIF', async () => {
    const avif = await solid(64, 64, 'red').avif().toBuffer();
    expect((await expectImageError(decodeForModel(avif), 'unsupported_format')).userMessage).toMatch(/AVIF/);
    expect((await expectImageError(decodeForModel(ftyp('heic', ['mif1', 'heic'])), 'unsupported_format')).userMessage).toMatch(/HEIC/);
  });

  test('HTML is not an image', async () => {
    await expectImageError(decodeForModel(Buffer.from('<!doctype html><title>Not Found</title>')), 'not_an_image');
  });
});
