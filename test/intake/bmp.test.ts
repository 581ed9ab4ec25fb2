import { readFileSync } from 'node:fs';
import { decodeBmp, readBmpHeader } from '../../src/inference/intake/bmp';
import { testImage } from '../helpers/paths';
import { expectImageError } from './helpers';

type Rgb = [number, number, number];

interface BmpSpec {
  width: number;
  height: number;
  bitsPerPixel: 1 | 4 | 8 | 16 | 24 | 32;
  topDown?: boolean;
  headerSize?: 40 | 108 | 124;
  compression?: number;
  /** R, G, B masks; written for BI_BITFIELDS. */
  masks?: [number, number, number];
  palette?: Rgb[];
  /** Writes one pixel (row 0 = top) into a row buffer at bit offset x * bitsPerPixel. */
  pixel: (x: number, y: number) => number | Rgb;
}

/** Encodes a BMP the way real writers do (rows padded to 4 bytes, bottom-up unless told). */
function encodeBmp(spec: BmpSpec): Uint8Array {
  const { width, height, bitsPerPixel } = spec;
  const headerSize = spec.headerSize ?? 40;
  const compression = spec.compression ?? 0;
  const maskBytes = compression === 3 && headerSize === 40 ? 12 : 0;
  const palette = spec.palette ?? [];
  const stride = Math.ceil((width * bitsPerPixel) / 32) * 4;
  const pixelOffset = 14 + headerSize + maskBytes + palette.length * 4;
  const out = Buffer.alloc(pixelOffset + stride * height);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(pixelOffset, 10);
  out.writeUInt32LE(headerSize, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(spec.topDown ? -height : height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(bitsPerPixel, 28);
  out.writeUInt32LE(compression, 30);
  out.writeUInt32LE(palette.length, 46);
  if (spec.masks) spec.masks.forEach((m, i) => out.writeUInt32LE(m >>> 0, 54 + i * 4));
  palette.forEach(([r, g, b], i) => out.set([b, g, r, 0], 14 + headerSize + maskBytes + i * 4));
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + (spec.topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const value = spec.pixel(x, y);
      if (Array.isArray(value)) {
        out.set([value[2], value[1], value[0]], row + x * (bitsPerPixel / 8));
      } else if (bitsPerPixel === 32) {
        out.writeUInt32LE(value >>> 0, row + x * 4);
      } else if (bitsPerPixel === 16) {
        out.writeUInt16LE(value, row + x * 2);
      } else {
        const bit = x * bitsPerPixel;
        out[row + (bit >> 3)] |= value << (8 - bitsPerPixel - (bit & 7));
      }
    }
  }
  return out;
}

const decode = (bytes: Uint8Array) => decodeBmp(bytes, readBmpHeader(bytes));
const at = (rgb: Uint8Array, width: number, x: number, y: number) => Array.from(rgb.subarray((y * width + x) * 3, (y * width + x) * 3 + 3));

/** A 5×3 test card: every pixel distinct, so any flip, swap or offset shows. */
const card = (x: number, y: number): Rgb => [x * 40, y * 100, 255 - x * 10 - y * 50];
const expectCard = (rgb: Uint8Array) => {
  for (let y = 0; y < 3; y++) for (let x = 0; x < 5; x++) expect(at(rgb, 5, x, y)).toEqual(card(x, y));
};

describe('BMP decoder', () => {
  test('24-bit bottom-up (odd width, so rows are padded)', () => {
    expectCard(decode(encodeBmp({ width: 5, height: 3, bitsPerPixel: 24, pixel: card })));
  });

  test('24-bit top-down, and with a V5 header', () => {
    expectCard(decode(encodeBmp({ width: 5, height: 3, bitsPerPixel: 24, topDown: true, pixel: card })));
    expectCard(decode(encodeBmp({ width: 5, height: 3, bitsPerPixel: 24, headerSize: 124, pixel: card })));
  });

  test('32-bit BGRX, alpha byte ignored', () => {
    const bmp = encodeBmp({ width: 5, height: 3, bitsPerPixel: 32, pixel: (x, y) => ((0x7f << 24) | (card(x, y)[0] << 16) | (card(x, y)[1] << 8) | card(x, y)[2]) >>> 0 });
    expectCard(decode(bmp));
  });

  test('32-bit BI_BITFIELDS with RGBA byte order, after a BITMAPINFOHEADER and in a V4 header', () => {
    const rgba = (x: number, y: number) => (card(x, y)[0] | (card(x, y)[1] << 8) | (card(x, y)[2] << 16) | (0xff << 24)) >>> 0;
    const masks: [number, number, number] = [0x000000ff, 0x0000ff00, 0x00ff0000];
    expectCard(decode(encodeBmp({ width: 5, height: 3, bitsPerPixel: 32, compression: 3, masks, pixel: rgba })));
    expectCard(decode(encodeBmp({ width: 5, height: 3, bitsPerPixel: 32, compression: 3, headerSize: 108, masks, pixel: rgba })));
  });

  test('16-bit 5-6-5 bitfields and default 5-5-5 scale to full 8-bit range', () => {
    const rgb565 = decode(encodeBmp({ width: 2, height: 1, bitsPerPixel: 16, compression: 3, masks: [0xf800, 0x07e0, 0x001f], pixel: (x) => (x === 0 ? 0xf800 : 0x07ff) }));
    expect(Array.from(rgb565)).toEqual([255, 0, 0, 0, 255, 255]);
    const rgb555 = decode(encodeBmp({ width: 2, height: 1, bitsPerPixel: 16, pixel: (x) => (x === 0 ? 0x7c00 : 0x0010) }));
    expect(Array.from(rgb555)).toEqual([255, 0, 0, 0, 0, 132]);
  });

  test.each([8, 4, 1] as const)('%i-bit palette', (bitsPerPixel) => {
    const palette: Rgb[] = [
      [0, 0, 0],
      [255, 255, 255],
      [200, 30, 40],
      [10, 220, 90],
    ].slice(0, bitsPerPixel === 1 ? 2 : 4) as Rgb[];
    const index = (x: number, y: number) => (x + y) % palette.length;
    // 11 pixels wide so the last byte of a row is partly used.
    const rgb = decode(encodeBmp({ width: 11, height: 3, bitsPerPixel, palette, pixel: index }));
    for (let y = 0; y < 3; y++) for (let x = 0; x < 11; x++) expect(at(rgb, 11, x, y)).toEqual(palette[index(x, y)]);
  });

  test('the real test photos are V5 24-bit bottom-up BMPs and decode upright', () => {
    const bytes = readFileSync(testImage('bird.bmp'));
    const header = readBmpHeader(bytes);
    expect(header).toMatchObject({ width: 512, height: 343, bitsPerPixel: 24, topDown: false });
    const rgb = decode(bytes);
    expect(rgb.length).toBe(512 * 343 * 3);
    // The file's last row is the picture's top row.
    const topRow = bytes.subarray(header.pixelOffset + header.rowStride * 342, header.pixelOffset + header.rowStride * 342 + 3);
    expect(at(rgb, 512, 0, 0)).toEqual([topRow[2], topRow[1], topRow[0]]);
  });

  test('refuses RLE with unsupported_format, naming it for the user', async () => {
    const rle = encodeBmp({ width: 4, height: 2, bitsPerPixel: 8, compression: 1, palette: [[0, 0, 0]], pixel: () => 0 });
    const e = await expectImageError(Promise.resolve().then(() => readBmpHeader(rle)), 'unsupported_format');
    expect(e.userMessage).toMatch(/RLE-compressed BMP/);
  });

  test('truncated pixel data is a broken image', async () => {
    const bmp = encodeBmp({ width: 5, height: 3, bitsPerPixel: 24, pixel: card });
    await expectImageError(Promise.resolve().then(() => decode(bmp.subarray(0, bmp.length - 20))), 'broken_image');
  });
});
