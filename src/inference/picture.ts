import sharp, { type Sharp } from 'sharp';
import type { DecodedPicture } from './intake';

/**
 * Model inputs derived from the one decoded picture: no model decodes the image again.
 */
function raw(picture: DecodedPicture): Sharp {
  return sharp(picture.pixels, { raw: { width: picture.width, height: picture.height, channels: 3 } });
}

/** The classifier's (and the experts') preprocessing: cover size × size, centre-crop, Lanczos3. */
export async function coverSquare(picture: DecodedPicture, size: number): Promise<Uint8Array> {
  return raw(picture).resize(size, size, { fit: 'cover', position: 'centre', kernel: 'lanczos3' }).raw().toBuffer();
}

/** The detector's: the whole picture squeezed to size × size (aspect not kept), as CenterNet was fed in training. */
export async function squeezeSquare(picture: DecodedPicture, size: number): Promise<Uint8Array> {
  return raw(picture).resize(size, size, { fit: 'fill', kernel: 'linear' }).raw().toBuffer();
}

/** The reader's: grey PNG; small pictures enlarged so that screen text reaches a size tesseract reads well. */
export async function pngForReading(picture: DecodedPicture, minLongSide = 1200): Promise<Buffer> {
  const long = Math.max(picture.width, picture.height);
  const image = raw(picture).greyscale();
  const scaled = long < minLongSide ? image.resize({ width: Math.round((picture.width * minLongSide) / long), kernel: 'cubic' }) : image;
  return scaled.png({ compressionLevel: 1 }).toBuffer();
}

/**
 * The share of the picture covered by its `k` most frequent exact colours, 0..1. Rendered
 * pictures (screenshots, documents, drawings) are painted with a few flat colours; photos, even
 * of a plain sky, spread over thousands of shades (sensor noise, gradients, compression).
 * A grid of at most about 256 samples per side is enough for a share, and keeps this a few
 * milliseconds on every picture.
 */
export function paletteShare(picture: DecodedPicture, k = 8): number {
  const { pixels, width, height } = picture;
  const step = Math.max(2, Math.ceil(Math.max(width, height) / 256));
  const counts = new Map<number, number>();
  let n = 0;
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      const i = (y * width + x) * 3;
      const colour = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
      counts.set(colour, (counts.get(colour) ?? 0) + 1);
      n++;
    }
  }
  return n === 0 ? 0 : largest(counts.values(), k).reduce((a, b) => a + b, 0) / n;
}

/** The `k` largest numbers, without sorting them all (a photo has tens of thousands of colours). */
function largest(values: Iterable<number>, k: number): number[] {
  const top: number[] = [];
  let smallest = 0;
  for (const v of values) {
    if (top.length < k) {
      top.push(v);
      if (top.length === k) smallest = top.indexOf(Math.min(...top));
    } else if (v > top[smallest]) {
      top[smallest] = v;
      smallest = top.indexOf(Math.min(...top));
    }
  }
  return top;
}
