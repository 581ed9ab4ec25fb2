/**
 * A small BMP reader, because sharp/libvips cannot read BMP. It covers what real files use:
 * BITMAPINFOHEADER and its V2–V5 extensions, uncompressed 1/4/8-bit palettes, 16/24/32-bit
 * pixels and BI_BITFIELDS, bottom-up and top-down. Compressed variants are refused.
 */
import { ImageError } from '../errors';

export interface BmpHeader {
  width: number;
  height: number;
  bitsPerPixel: number;
  /** Row 0 of the pixel data is the top row (negative height in the file). */
  topDown: boolean;
  pixelOffset: number;
  rowStride: number;
  /** Red, green and blue bit masks, for 16- and 32-bit pixels. */
  masks: readonly [number, number, number];
  /** Offset and entry count of the colour table, for 1/4/8-bit pixels. */
  palette: { offset: number; count: number };
}

const BI_RGB = 0;
const BI_RLE8 = 1;
const BI_RLE4 = 2;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;

const DEFAULT_MASKS: Record<number, readonly [number, number, number]> = {
  16: [0x7c00, 0x03e0, 0x001f],
  32: [0x00ff0000, 0x0000ff00, 0x000000ff],
};

/** Parses the headers only, so the pixel count can be checked before anything is allocated. */
export function readBmpHeader(bytes: Uint8Array): BmpHeader {
  if (bytes.length < 54) throw broken('the BMP header is incomplete');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dibSize = view.getUint32(14, true);
  if (dibSize === 12 || dibSize === 64) throw unsupported('OS/2 BMP');
  const pixelOffset = view.getUint32(10, true);
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const planes = view.getUint16(26, true);
  const bitsPerPixel = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  const colorsUsed = view.getUint32(46, true);

  if (compression === BI_RLE8 || compression === BI_RLE4) throw unsupported('RLE-compressed BMP');
  const bitfields = compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS;
  if (compression !== BI_RGB && !bitfields) throw unsupported('compressed BMP');
  if (![1, 4, 8, 16, 24, 32].includes(bitsPerPixel)) throw unsupported(`${bitsPerPixel}-bit BMP`);
  if (bitfields && bitsPerPixel !== 16 && bitsPerPixel !== 32) throw broken(`BI_BITFIELDS with ${bitsPerPixel}-bit pixels`);
  if (bitfields && bytes.length < 66) throw broken('the BMP colour masks are missing');
  if (width <= 0 || rawHeight === 0 || rawHeight === -0x80000000 || planes !== 1) {
    throw broken(`impossible BMP header (width ${width}, height ${rawHeight}, planes ${planes})`);
  }

  // With BITMAPINFOHEADER the masks follow the header; V2+ headers hold them at the same offset.
  const masks: readonly [number, number, number] = bitfields
    ? [view.getUint32(54, true), view.getUint32(58, true), view.getUint32(62, true)]
    : (DEFAULT_MASKS[bitsPerPixel] ?? [0, 0, 0]);
  const maxColors = bitsPerPixel <= 8 ? 1 << bitsPerPixel : 0;
  const paletteOffset = 14 + dibSize + (bitfields && dibSize === 40 ? 12 : 0);

  return {
    width,
    height: Math.abs(rawHeight),
    bitsPerPixel,
    topDown: rawHeight < 0,
    pixelOffset,
    rowStride: Math.ceil((width * bitsPerPixel) / 32) * 4,
    masks,
    palette: { offset: paletteOffset, count: colorsUsed === 0 ? maxColors : Math.min(colorsUsed, maxColors) },
  };
}

/** Decodes to top-down RGB, 3 bytes per pixel. Alpha is dropped, as PIL's `convert('RGB')` does. */
export function decodeBmp(bytes: Uint8Array, header: BmpHeader): Uint8Array {
  const { width, height, bitsPerPixel, pixelOffset, rowStride } = header;
  // Writers sometimes omit the padding of the last row; accept that, but nothing shorter.
  const lastRowBytes = Math.ceil((width * bitsPerPixel) / 8);
  if (pixelOffset + rowStride * (height - 1) + lastRowBytes > bytes.length) throw broken('the BMP pixel data is truncated');

  const out = new Uint8Array(width * height * 3);
  const readRow = rowReader(bytes, header);
  for (let y = 0; y < height; y++) {
    const fileRow = header.topDown ? y : height - 1 - y;
    readRow(pixelOffset + fileRow * rowStride, out, y * width * 3);
  }
  return out;
}

type RowReader = (src: number, out: Uint8Array, dst: number) => void;

function rowReader(bytes: Uint8Array, header: BmpHeader): RowReader {
  const { width, bitsPerPixel, masks } = header;
  if (bitsPerPixel <= 8) return paletteRowReader(bytes, header);
  if (bitsPerPixel === 24 || (bitsPerPixel === 32 && isDefault32(masks))) {
    const step = bitsPerPixel / 8;
    return (src, out, dst) => {
      for (let x = 0; x < width; x++, src += step, dst += 3) {
        out[dst] = bytes[src + 2];
        out[dst + 1] = bytes[src + 1];
        out[dst + 2] = bytes[src];
      }
    };
  }
  const [red, green, blue] = masks.map(channelExtractor);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const step = bitsPerPixel / 8;
  return (src, out, dst) => {
    for (let x = 0; x < width; x++, src += step, dst += 3) {
      const px = step === 4 ? view.getUint32(src, true) : view.getUint16(src, true);
      out[dst] = red(px);
      out[dst + 1] = green(px);
      out[dst + 2] = blue(px);
    }
  };
}

function paletteRowReader(bytes: Uint8Array, header: BmpHeader): RowReader {
  const { width, bitsPerPixel, palette } = header;
  if (palette.offset + palette.count * 4 > bytes.length) throw broken('the BMP colour table is truncated');
  // Indices past the table are black, as most viewers show them.
  const rgb = new Uint8Array(256 * 3);
  for (let i = 0; i < palette.count; i++) {
    const at = palette.offset + i * 4;
    rgb[i * 3] = bytes[at + 2];
    rgb[i * 3 + 1] = bytes[at + 1];
    rgb[i * 3 + 2] = bytes[at];
  }
  const perByte = 8 / bitsPerPixel;
  const mask = (1 << bitsPerPixel) - 1;
  return (src, out, dst) => {
    for (let x = 0; x < width; x++, dst += 3) {
      const byte = bytes[src + Math.floor(x / perByte)];
      const shift = 8 - bitsPerPixel * ((x % perByte) + 1); // leftmost pixel in the high bits
      const index = ((byte >> shift) & mask) * 3;
      out[dst] = rgb[index];
      out[dst + 1] = rgb[index + 1];
      out[dst + 2] = rgb[index + 2];
    }
  };
}

/** Maps a pixel to one 8-bit channel for an arbitrary contiguous bit mask (5-6-5, 10-10-10, …). */
function channelExtractor(mask: number): (px: number) => number {
  if (mask === 0) return () => 0;
  const shift = 31 - Math.clz32(mask & -mask);
  const bits = 32 - Math.clz32(mask >>> shift);
  if (bits >= 8) return (px) => ((px & mask) >>> shift) >>> (bits - 8);
  const max = (1 << bits) - 1;
  const scale = Uint8Array.from({ length: max + 1 }, (_, v) => Math.round((v * 255) / max));
  return (px) => scale[(px & mask) >>> shift];
}

function isDefault32(masks: readonly [number, number, number]): boolean {
  const d = DEFAULT_MASKS[32];
  return masks[0] === d[0] && masks[1] === d[1] && masks[2] === d[2];
}

function unsupported(what: string): ImageError {
  return new ImageError('unsupported_format', `${what} is not supported`, { vars: { format: what } });
}

function broken(why: string): ImageError {
  return new ImageError('broken_image', why);
}
