/**
 * The scene on real photos with the real models, all loaded from a real local S3 (s3rver) the
 * way a function loads them at cold start: counts from the detector, a species from an expert,
 * text from the reader, and the classifier's answer when an optional model is missing or corrupt.
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { discardLocalS3, startLocalS3, type LocalS3 } from '../src/dev/local-s3';
import { inferenceConfigFromEnv } from '../src/inference/config';
import { Inference } from '../src/inference/inference';
import { createS3Client } from '../src/inference/s3-client';
import type { ImageDescription } from '../src/inference/types';
import { publishSceneModels } from './helpers/model';
import { testImage } from './helpers/paths';

const BUCKET = 'whatsthat-scene-test';
let s3: LocalS3;
let inference: Inference;

/** The functions' own configuration from their environment: every model from the bucket. */
const sceneFrom = (bucket: string): Inference => Inference.fromConfig(inferenceConfigFromEnv({ MODEL_BUCKET: bucket, S3_ENDPOINT: s3.endpoint }));
const describe_ = (name: string, on = inference): Promise<ImageDescription> => on.describeImage(readFileSync(testImage(name)));
const count = (d: ImageDescription, label: string): number => d.objects.find((o) => o.label === label)?.count ?? 0;

beforeAll(async () => {
  s3 = await startLocalS3();
  await publishSceneModels(s3.endpoint, BUCKET);
  inference = sceneFrom(BUCKET);
  await inference.warmUp();
}, 300_000);
afterAll(async () => {
  await inference?.close();
  if (s3) await discardLocalS3(s3);
});

describe('objects from the detector', () => {
  test('kite_and_cold.jpg: several people and several kites, each box inside the picture with its score', async () => {
    const d = await describe_('kite_and_cold.jpg');
    expect(count(d, 'person')).toBeGreaterThanOrEqual(5);
    expect(count(d, 'kite')).toBeGreaterThanOrEqual(4);
    for (const o of d.objects) {
      expect(o.boxes).toHaveLength(o.count);
      for (const b of o.boxes) {
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width).toBeLessThanOrEqual(1);
        expect(b.y + b.height).toBeLessThanOrEqual(1);
        expect(b.score).toBeGreaterThanOrEqual(0.3);
      }
      expect(o.boxes[0].score).toBeGreaterThanOrEqual(0.4);
      expect(o.boxes.map((b) => b.score)).toEqual([...o.boxes.map((b) => b.score)].sort((a, b) => b - a));
    }
    // Most numerous first.
    expect(d.objects.map((o) => o.count)).toEqual([...d.objects.map((o) => o.count)].sort((a, b) => b - a));
    expect(d.timingsMs).toMatchObject({ decode: expect.any(Number), classifier: expect.any(Number), detector: expect.any(Number) });
  });

  test('pets.jpg: two dogs', async () => {
    const d = await describe_('pets.jpg');
    expect(count(d, 'dog')).toBe(2);
  });

  test('astronaut.png: a person, which the ImageNet classifier cannot say', async () => {
    const d = await describe_('astronaut.png');
    expect(count(d, 'person')).toBe(1);
    expect(d.predictions.some((p) => /person|people/.test(p.label))).toBe(false);
  });
});

describe('species from an expert', () => {
  test('bird.bmp: a chickadee species, confidently, from the bird expert', async () => {
    const d = await describe_('bird.bmp');
    expect(d.species).toMatchObject({ group: 'bird', name: expect.stringMatching(/Chickadee$/), scientificName: expect.stringMatching(/^Poecile /) });
    expect(d.species!.probability).toBeGreaterThanOrEqual(0.3);
    expect(d.timingsMs.expert).toEqual(expect.any(Number));
  });

  test('owl.jpg: the expert names the owl the ImageNet classifier calls a kite; the scene carries it', async () => {
    const d = await describe_('owl.jpg');
    expect(d.predictions[0].label).not.toMatch(/owl/);
    expect(d.species).toMatchObject({ name: 'Burrowing Owl', scientificName: 'Athene cunicularia', group: 'bird' });
  });

  test('dogs are not sent to the bird or insect expert', async () => {
    const d = await describe_('pets.jpg');
    expect(d.species).toBeUndefined();
    expect(d.timingsMs.expert).toBeUndefined();
  });
});

describe('text from the reader', () => {
  test('a screenshot rendered here (SVG text → PNG) is read back', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="360">
      <rect width="900" height="360" fill="#ffffff"/>
      <rect width="900" height="56" fill="#1f4e79"/>
      <text x="24" y="38" font-family="DejaVu Sans" font-size="24" fill="#ffffff">Settings</text>
      <text x="24" y="130" font-family="DejaVu Sans" font-size="30" fill="#202020">Install Windows updates tonight</text>
      <text x="24" y="190" font-family="DejaVu Sans" font-size="22" fill="#404040">Your device will restart at eleven.</text>
      <rect x="24" y="250" width="180" height="56" rx="6" fill="#0b6cd4"/>
      <text x="56" y="286" font-family="DejaVu Sans" font-size="22" fill="#ffffff">Restart</text>
    </svg>`;
    const png = await sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).png().toBuffer();
    const d = await inference.describeImage(png);
    expect(d.text).toMatch(/Install Windows updates tonight/);
    expect(d.timingsMs.reader).toEqual(expect.any(Number));
  });

  test('a reading past its deadline is stopped with a clear error, and the next picture is read by a new worker', async () => {
    const reader = inference.optional.reader?.loaded;
    expect(reader).toBeDefined();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="700" height="120"><rect width="700" height="120" fill="#fff"/><text x="20" y="70" font-family="DejaVu Sans" font-size="32" fill="#000">Quarterly report draft</text></svg>';
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
    await expect(reader!.read(png, undefined, 1)).rejects.toThrow(/reading took longer than 1 ms/);
    expect(await reader!.read(png)).toMatch(/Quarterly report draft/);
  });

  test('a photo without text is not read at all', async () => {
    const d = await describe_('parrot.jpg');
    expect(d.text).toBeUndefined();
    expect(d.timingsMs.reader).toBeUndefined();
  });
});

describe('an optional model that is missing or corrupt degrades the answer, never breaks it', () => {
  test("tampered detector weights and a missing reader: the classifier's answer, no objects, no text, each failure logged", async () => {
    const bucket = 'whatsthat-scene-broken';
    await publishSceneModels(s3.endpoint, bucket);
    const client = createS3Client(s3.endpoint);
    const key = 'models/centernet_coco/3.3.6/centernet.bin';
    const good = await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray();
    good[5000] ^= 0xff;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: good }));
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'models/tesseract_eng/4.0.0-best-int/eng.traineddata.gz' }));

    const logged: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    });
    const broken = sceneFrom(bucket);
    try {
      await broken.warmUp();
      const kites = await describe_('kite_and_cold.jpg', broken);
      expect(kites.objects).toEqual([]);
      expect(kites.timingsMs.detector).toBeUndefined();
      const parrot = await describe_('parrot.jpg', broken);
      expect(parrot.label).toBe('macaw');
      expect(parrot.sentence).toMatch(/macaw/);
      const screen = await broken.describeImage(await sharp({ create: { width: 600, height: 200, channels: 3, background: '#ffffff' } }).png().toBuffer());
      expect(screen.text).toBeUndefined();
    } finally {
      write.mockRestore();
      await broken.close();
    }
    const failures = logged.map((l) => JSON.parse(l) as { message: string; role?: string; error?: string }).filter((l) => /optional model unavailable/.test(l.message));
    expect(failures.map((f) => f.role).sort()).toEqual(['detector', 'reader']);
    expect(failures.find((f) => f.role === 'detector')?.error).toMatch(/centernet\.bin is corrupt/);
  });
});
