import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { preparedModels } from './helpers/model';
import { MODEL_MIRROR_DIR, testImage } from './helpers/paths';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');

/** reference-top3.tsv: what the real TFLite runtime answered for each photo. */
function readReference(): Array<{ image: string; top1: string; p1: number }> {
  const rows = readFileSync(join(MODEL_MIRROR_DIR, 'mobilenet_v2_1.0_224_quant', 'reference-top3.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows.map((row) => {
    const [image, top1, p1] = row.split('\t');
    return { image, top1, p1: Number(p1) };
  });
}

/** One line of `describe --json`: an answer or an error. */
interface DescribeLine {
  input: string;
  sentence?: string;
  label?: string;
  probability?: number;
  predictions?: Array<{ label: string; probability: number }>;
  objects?: Array<{ label: string; count: number; boxes: Array<{ x: number; y: number; width: number; height: number; score: number }> }>;
  species?: { name: string; scientificName: string; probability: number; group: string };
  text?: string;
  timingsMs?: Record<string, number>;
  error?: { code: string; message: string };
}

async function runDescribe(args: string[]): Promise<{ code: number; lines: DescribeLine[] }> {
  const result = await run(process.execPath, [require.resolve('tsx/cli'), 'src/cli/describe.ts', ...args], {
    cwd: ROOT,
    // The CLI's own configuration, not this test process's: the local build folder, no S3.
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    maxBuffer: 10 * 1024 * 1024,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  return { code: result.code, lines: result.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

describe('npm run describe -- --json on the reference photos', () => {
  beforeAll(() => preparedModels(), 300_000);

  test('agrees with the TFLite runtime on the top-1 class of at least 15 of the 16 photos, probabilities within 0.05', async () => {
    const reference = readReference();
    expect(reference).toHaveLength(16);
    const { code, lines } = await runDescribe(['--json', ...reference.map((r) => testImage(r.image))]);
    expect(code).toBe(0);
    expect(lines).toHaveLength(16);
    // The classifier's own top class (the sentence may lead with a species or counted people instead).
    const agreeing = reference.filter((r, i) => lines[i].predictions![0].label === r.top1 && Math.abs(lines[i].predictions![0].probability - r.p1) <= 0.05);
    expect(agreeing.length).toBeGreaterThanOrEqual(15);
    for (const { species, text, ...line } of lines) {
      if (species !== undefined) expect(species).toEqual({ name: expect.any(String), scientificName: expect.any(String), probability: expect.any(Number), group: expect.stringMatching(/^(bird|insect)$/) });
      if (text !== undefined) expect(text).toEqual(expect.any(String));
      expect(line).toEqual({
        input: expect.any(String),
        sentence: expect.any(String),
        label: expect.any(String),
        probability: expect.any(Number),
        predictions: expect.arrayContaining([{ label: expect.any(String), probability: expect.any(Number) }]),
        objects: expect.any(Array),
        model: { name: 'mobilenet_v2_1.0_224_quant', version: '1.0.0' },
        timingsMs: expect.objectContaining({ decode: expect.any(Number), inference: expect.any(Number), total: expect.any(Number) }),
      });
    }
  });

  test('--json carries the scene: objects with boxes, the species, the text, per-model timings — and nothing but JSON on stdout', async () => {
    const { code, lines } = await runDescribe(['--json', testImage('pets.jpg'), testImage('bird.bmp'), testImage('missvickie_potato_chips.bmp')]);
    expect(code).toBe(0);
    const [pets, bird, chips] = lines;
    expect(pets.objects).toEqual([{ label: 'dog', count: 2, boxes: [expect.objectContaining({ x: expect.any(Number), width: expect.any(Number), score: expect.any(Number) }), expect.anything()] }]);
    expect(pets.timingsMs).toEqual(expect.objectContaining({ decode: expect.any(Number), classifier: expect.any(Number), detector: expect.any(Number) }));
    expect(bird.species?.name).toMatch(/Chickadee/);
    expect(bird.timingsMs?.expert).toEqual(expect.any(Number));
    expect(chips.text).toMatch(/CHEDDAR/);
    expect(chips.timingsMs?.reader).toEqual(expect.any(Number));
  });

  test('a bad input gets an error line with a code and a sentence, the others still answer, exit code 1', async () => {
    const { code, lines } = await runDescribe(['--json', join(ROOT, 'package.json'), testImage('parrot.jpg'), 'ftp://example.org/a.jpg']);
    expect(code).toBe(1);
    expect(lines[0]).toEqual({ input: join(ROOT, 'package.json'), error: { code: 'not_an_image', message: expect.stringMatching(/JPEG, PNG, GIF, WebP or BMP/) } });
    expect(lines[1].label).toBe('macaw');
    expect(lines[2].error?.code).toBe('forbidden_scheme');
  });
});
