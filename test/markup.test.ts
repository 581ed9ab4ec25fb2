/**
 * The marked-up picture: real photos, boxes the test places, and the drawn pixels checked where
 * the outline must be and where the picture must be left alone.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { drawObjects, isWorthMarkingUp, MARKUP_MAX_SIDE, type DetectedObjects } from '../src/inference';
import { testImage } from './helpers/paths';

const kiteAndCold = readFileSync(testImage('kite_and_cold.jpg'));

/** RGB of one pixel of a JPEG. */
async function pixel(jpeg: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const at = (Math.round(y) * info.width + Math.round(x)) * info.channels;
  return [data[at], data[at + 1], data[at + 2]];
}

function distance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

const people: DetectedObjects = {
  label: 'person',
  count: 2,
  boxes: [
    { x: 0.1, y: 0.3, width: 0.2, height: 0.5, score: 0.8 },
    { x: 0.6, y: 0.4, width: 0.15, height: 0.4, score: 0.6 },
  ],
};
const kite: DetectedObjects = { label: 'kite', count: 1, boxes: [{ x: 0.4, y: 0.05, width: 0.1, height: 0.1, score: 0.5 }] };

test('a JPEG at most 1024 px on the long side, in the photo\'s proportions, with each box outlined in its label\'s colour', async () => {
  const marked = await drawObjects(kiteAndCold, [people, kite]);
  expect([...marked.jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  const meta = await sharp(marked.jpeg).metadata();
  expect(meta.format).toBe('jpeg');
  expect([meta.width, meta.height]).toEqual([marked.width, marked.height]);
  expect(Math.max(marked.width, marked.height)).toBe(MARKUP_MAX_SIDE);
  expect(marked.width / marked.height).toBeCloseTo(1352 / 900, 2);

  // The left edge of the first person's box is orange (#E69F00); its middle is the photo.
  const plain = await sharp(kiteAndCold).resize({ width: marked.width, height: marked.height }).jpeg().toBuffer();
  const edge = await pixel(marked.jpeg, 0.1 * marked.width, 0.55 * marked.height);
  expect(distance(edge, [0xe6, 0x9f, 0x00])).toBeLessThan(60);
  const inside = [0.2 * marked.width, 0.55 * marked.height] as const;
  expect(distance(await pixel(marked.jpeg, ...inside), await pixel(plain, ...inside))).toBeLessThan(40);
  // The kite, a second label, gets the second colour (#56B4E9).
  expect(distance(await pixel(marked.jpeg, 0.45 * marked.width, 0.15 * marked.height), [0x56, 0xb4, 0xe9])).toBeLessThan(60);
});

test('a small picture is not enlarged, and a BMP (read by the intake, not sharp) is drawn too', async () => {
  const pets = await drawObjects(readFileSync(testImage('pets.jpg')), [people]);
  expect([pets.width, pets.height]).toEqual([512, 430]);
  const bird = await drawObjects(readFileSync(testImage('bird.bmp')), [people]);
  expect((await sharp(bird.jpeg).metadata()).format).toBe('jpeg');
});

test('boxes out of range and odd labels are drawn safely', async () => {
  const odd: DetectedObjects = { label: '<b>&"x"', count: 1, boxes: [{ x: -0.5, y: 0.9, width: 3, height: Number.NaN, score: 0.9 }] };
  const marked = await drawObjects(kiteAndCold, [odd]);
  expect((await sharp(marked.jpeg).metadata()).format).toBe('jpeg');
});

test('worth a picture of its own only when more than one thing was found', () => {
  expect(isWorthMarkingUp([])).toBe(false);
  expect(isWorthMarkingUp([kite])).toBe(false);
  expect(isWorthMarkingUp([people])).toBe(true);
  expect(isWorthMarkingUp([kite, { ...kite, label: 'dog' }])).toBe(true);
});
