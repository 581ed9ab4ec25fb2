import { ImageError } from '../errors';

/** Formats we decode. */
export type ReadableFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp';
/** Real image formats we recognise but refuse, so the user learns why rather than "not an image". */
export type UnreadableFormat = 'heic' | 'avif' | 'tiff';
export type ImageFormat = ReadableFormat | UnreadableFormat;

/** Enough bytes to see an ISO-BMFF `ftyp` box with its usual compatible brands. */
export const SNIFF_BYTES = 64;

const UNREADABLE_NAMES: Record<UnreadableFormat, string> = { heic: 'HEIC/HEIF', avif: 'AVIF', tiff: 'TIFF' };

// Every DIB header size a real BMP can have; checking it keeps any text starting with "BM" out.
const BMP_DIB_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'mif1', 'msf1', 'mif2']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

/** Identifies the image format from its magic number; `undefined` for anything else (HTML, text, …). */
export function detectImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length >= 18 && BMP_DIB_HEADER_SIZES.has(readU32LE(bytes, 14))) return 'bmp';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(bytes, [0x49, 0x49, 0x2b, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2b])) return 'tiff'; // BigTIFF
  return isoBmffImageFormat(bytes);
}

/** The format of `bytes` if we can decode it; otherwise an ImageError saying why not. */
export function requireReadableFormat(bytes: Uint8Array): ReadableFormat {
  const format = detectImageFormat(bytes);
  if (format === undefined) {
    throw new ImageError('not_an_image', `not an image: starts with ${describeStart(bytes)}`);
  }
  if (format === 'heic' || format === 'avif' || format === 'tiff') {
    const name = UNREADABLE_NAMES[format];
    throw new ImageError('unsupported_format', `${name} images are not supported`, { vars: { format: name } });
  }
  return format;
}

// HEIC and AVIF are both ISO-BMFF: a `ftyp` box whose major or compatible brands name the codec.
function isoBmffImageFormat(bytes: Uint8Array): 'heic' | 'avif' | undefined {
  if (bytes.length < 16 || ascii(bytes, 4, 4) !== 'ftyp') return undefined;
  const boxEnd = Math.min(readU32BE(bytes, 0), bytes.length);
  const brands = [ascii(bytes, 8, 4)];
  for (let at = 16; at + 4 <= boxEnd; at += 4) brands.push(ascii(bytes, at, 4));
  // `mif1` is the generic HEIF brand; AVIF files carry it too, so an AVIF brand anywhere wins.
  if (brands.some((b) => AVIF_BRANDS.has(b))) return 'avif';
  if (brands.some((b) => HEIF_BRANDS.has(b))) return 'heic';
  return undefined;
}

function describeStart(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'nothing (empty body)';
  const head = bytes.subarray(0, 16);
  const printable = head.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f));
  return printable ? JSON.stringify(Buffer.from(head).toString('latin1')) : `0x${Buffer.from(head).toString('hex')}`;
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  if (bytes.length < offset + length) return '';
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function readU32LE(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)) >>> 0;
}

function readU32BE(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}
