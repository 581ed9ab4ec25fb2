/**
 * The picture with what the detector found outlined and labelled — for a channel to show under
 * its sentence. Drawn with sharp: the picture (orientation applied, since boxes are normalised
 * to the upright image) shrunk to at most 1024 px on its long side, an SVG overlay of boxes and
 * labels composited on top, saved as JPEG.
 */
import sharp, { type Sharp } from 'sharp';
import { objectName } from '../describe/count-words';
import { decodeBmp, readBmpHeader } from '../intake/bmp';
import { requireReadableFormat } from '../intake/format';
import { DEFAULT_INTAKE_OPTIONS } from '../intake/intake-options';
import type { Box, DetectedObjects } from '../types';

export interface MarkedUpPicture {
  jpeg: Buffer;
  width: number;
  height: number;
}

/** The long side of the marked-up picture; Slack shows previews smaller still. */
export const MARKUP_MAX_SIDE = 1024;
/** A crowded scene still gets a readable picture: the most confident boxes are drawn, no more. */
export const MARKUP_MAX_BOXES = 50;

/** Worth a picture of its own: more than one thing found. A single object is said by the sentence alone. */
export function isWorthMarkingUp(objects: readonly DetectedObjects[]): boolean {
  return objects.reduce((sum, o) => sum + Math.min(o.count, o.boxes.length), 0) >= 2;
}

// Colour-blind-safe (Okabe–Ito), one per label in order of appearance.
const COLOURS = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#FFFFFF'];

/** `picture` is one the intake accepted; its pixel limit applies again here. */
export async function drawObjects(picture: Uint8Array, objects: readonly DetectedObjects[], maxPixels = DEFAULT_INTAKE_OPTIONS.maxPixels): Promise<MarkedUpPicture> {
  const { data, info } = await upright(picture, maxPixels)
    .resize({ width: MARKUP_MAX_SIDE, height: MARKUP_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const overlay = overlaySvg(objects, info.width, info.height);
  const jpeg = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .composite([{ input: Buffer.from(overlay), top: 0, left: 0 }])
    .jpeg({ quality: 85, mozjpeg: true })
    .toBuffer();
  return { jpeg, width: info.width, height: info.height };
}

/** The picture as a person sees it: EXIF orientation applied, first frame, BMP through the intake's reader. */
function upright(picture: Uint8Array, maxPixels: number): Sharp {
  if (requireReadableFormat(picture) !== 'bmp') return sharp(picture, { limitInputPixels: maxPixels, autoOrient: true });
  const header = readBmpHeader(picture);
  if (header.width * header.height > maxPixels) throw new Error(`the BMP is ${header.width}×${header.height} pixels, more than ${maxPixels}`);
  return sharp(decodeBmp(picture, header), { raw: { width: header.width, height: header.height, channels: 3 } });
}

interface Labelled {
  box: Box;
  name: string;
  colour: string;
}

function overlaySvg(objects: readonly DetectedObjects[], width: number, height: number): string {
  const labelled: Labelled[] = objects
    .flatMap((o, n) => o.boxes.map((box) => ({ box, name: objectName(o.label), colour: COLOURS[n % COLOURS.length] })))
    .sort((a, b) => b.box.score - a.box.score)
    .slice(0, MARKUP_MAX_BOXES);
  const stroke = Math.max(2, Math.round(Math.max(width, height) / 300));
  const fontSize = Math.max(12, Math.round(Math.max(width, height) / 45));
  const shapes = labelled.map(({ box, name, colour }) => {
    const x = clamp(box.x, 0, 1) * width;
    const y = clamp(box.y, 0, 1) * height;
    const w = clamp(box.width, 0, 1 - clamp(box.x, 0, 1)) * width;
    const h = clamp(box.height, 0, 1 - clamp(box.y, 0, 1)) * height;
    const tagWidth = Math.round(name.length * fontSize * 0.6 + fontSize * 0.6);
    const tagHeight = Math.round(fontSize * 1.3);
    // The tag sits above the box, or inside it when the box touches the top edge.
    const tagY = y - tagHeight >= 0 ? y - tagHeight : y;
    return [
      `<rect x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${r(h)}" fill="none" stroke="${colour}" stroke-width="${stroke}"/>`,
      `<rect x="${r(x)}" y="${r(tagY)}" width="${tagWidth}" height="${tagHeight}" fill="${colour}"/>`,
      `<text x="${r(x + fontSize * 0.3)}" y="${r(tagY + fontSize)}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="${fontSize}" fill="#000000">${escapeXml(name)}</text>`,
    ].join('');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shapes.join('')}</svg>`;
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}

function r(value: number): string {
  return value.toFixed(1);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
