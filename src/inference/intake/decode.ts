import sharp, { type Sharp } from 'sharp';
import { ImageError, isImageError } from '../errors';
import { decodeBmp, readBmpHeader } from './bmp';
import { requireReadableFormat, type ReadableFormat } from './format';
import { DEFAULT_INTAKE_OPTIONS, tooLarge } from './intake-options';

export interface DecodeOptions {
  /** Side of the square the model takes (224 for the default model). */
  size?: number;
  maxPixels?: number;
  maxBytes?: number;
}

export interface DecodedImage {
  /** size × size × 3 bytes, RGB, row-major (height, width, channel). */
  pixels: Uint8Array;
  /** Dimensions of the source image as a person sees it (after EXIF orientation). */
  width: number;
  height: number;
  format: ReadableFormat;
}

/**
 * Turns image bytes into the model's input, with the reference preprocessing: resize so the
 * image covers size × size (Lanczos3), centre-crop, RGB uint8. Byte and pixel limits are checked
 * from the headers before any pixel is decoded.
 */
export async function decodeForModel(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<DecodedImage> {
  const size = opts.size ?? 224;
  return decodeWithinLimits(bytes, opts, async ({ image, width, height }, format) => {
    const { data, info } = await image
      .resize(size, size, { fit: 'cover', position: 'centre', kernel: 'lanczos3' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.width !== size || info.height !== size || info.channels !== 3) {
      throw new Error(`sharp produced ${info.width}×${info.height}×${info.channels}, expected ${size}×${size}×3`);
    }
    return { pixels: data, width, height, format };
  });
}

/** A picture decoded once, oriented as a person sees it, RGB, at most `maxSide` on its longer side. */
export interface DecodedPicture {
  /** width × height × 3 bytes, RGB, row-major. */
  pixels: Uint8Array;
  width: number;
  height: number;
  /** Dimensions of the source image (after EXIF orientation). */
  sourceWidth: number;
  sourceHeight: number;
  format: ReadableFormat;
}

/**
 * Decodes the image once, shrunk (never enlarged) to fit `maxSide` × `maxSide` with Lanczos3,
 * so every model's input can be derived from one buffer. JPEG shrink-on-load keeps the decode
 * of a large photo cheap. Same limits and errors as `decodeForModel`.
 */
export async function decodePicture(bytes: Uint8Array, opts: { maxSide: number; maxPixels?: number; maxBytes?: number }): Promise<DecodedPicture> {
  return decodeWithinLimits(bytes, opts, async ({ image, width, height }, format) => {
    const { data, info } = await image
      .resize(opts.maxSide, opts.maxSide, { fit: 'inside', withoutEnlargement: true, kernel: 'lanczos3' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`sharp produced ${info.channels} channels, expected 3`);
    return { pixels: data, width: info.width, height: info.height, sourceWidth: width, sourceHeight: height, format };
  });
}

/**
 * The byte cap and the format from the magic bytes first, then the pixel cap from the header,
 * then `decode` on the opened image; every failure an ImageError.
 */
async function decodeWithinLimits<T>(
  bytes: Uint8Array,
  opts: { maxPixels?: number; maxBytes?: number },
  decode: (opened: OpenedImage, format: ReadableFormat) => Promise<T>,
): Promise<T> {
  const maxPixels = opts.maxPixels ?? DEFAULT_INTAKE_OPTIONS.maxPixels;
  const maxBytes = opts.maxBytes ?? DEFAULT_INTAKE_OPTIONS.maxBytes;
  if (bytes.length > maxBytes) throw tooLarge(maxBytes, `the image has ${bytes.length} bytes`);
  const format = requireReadableFormat(bytes);
  try {
    return await decode(format === 'bmp' ? openBmp(bytes, maxPixels) : await openWithSharp(bytes, maxPixels), format);
  } catch (e) {
    throw asImageError(e, format, maxPixels);
  }
}

interface OpenedImage {
  image: Sharp;
  width: number;
  height: number;
}

async function openWithSharp(bytes: Uint8Array, maxPixels: number): Promise<OpenedImage> {
  const image = sharp(bytes, {
    // Corrupt data gives a clear "broken" answer rather than a description of garbage pixels.
    failOn: 'error',
    // Checked against the header's dimensions, so metadata() below refuses a decompression bomb
    // before any pixel is decoded.
    limitInputPixels: maxPixels,
    autoOrient: true,
    // The reference (PIL's convert('RGB')) ignores embedded profiles; converting would shift
    // colours for non-sRGB photos (rocket.jpg carries Adobe RGB) away from what the model saw.
    ignoreIcc: true,
  });
  // metadata() parses headers only; for animations it reports one frame, which is all we decode.
  const meta = await image.metadata();
  const { width, height } = meta.autoOrient;
  if (!meta.hasAlpha) return { image, width, height };
  // Resizing premultiplies by alpha, which blackens transparent pixels; the reference drops alpha
  // first and keeps their colour. So drop it in a pass of its own (PNG and GIF have no
  // shrink-on-load to lose; the cost is one full-size RGB buffer, bounded by maxPixels).
  const rgb = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { image: sharp(rgb.data, { raw: { width: rgb.info.width, height: rgb.info.height, channels: rgb.info.channels } }), width, height };
}

function openBmp(bytes: Uint8Array, maxPixels: number): OpenedImage {
  const header = readBmpHeader(bytes);
  checkPixels(header.width, header.height, maxPixels);
  const rgb = decodeBmp(bytes, header);
  const image = sharp(rgb, { raw: { width: header.width, height: header.height, channels: 3 } });
  return { image, width: header.width, height: header.height };
}

function checkPixels(width: number, height: number, maxPixels: number): void {
  if (width * height > maxPixels) {
    throw new ImageError('too_many_pixels', `the image is ${width}×${height} pixels, more than the limit of ${maxPixels}`);
  }
}

function asImageError(e: unknown, format: ReadableFormat, maxPixels: number): ImageError {
  if (isImageError(e)) return e;
  // libvips appends every warning it saw, one per line; the first line is the error.
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  if (/pixel limit/i.test(message)) {
    return new ImageError('too_many_pixels', `the ${format} header claims more than the limit of ${maxPixels} pixels (${message})`, { cause: e });
  }
  return new ImageError('broken_image', `could not decode the ${format} image: ${message}`, { cause: e });
}
