/**
 * The scene in Slack with the real models on a real photo: a DM upload of kite_and_cold.jpg gets
 * the sentence and the marked-up picture in the same thread, and "how many kites?" in the thread
 * is answered with the count the module found. Needs the object detector in the inference module:
 * until it is there, the scene has no objects and these tests fail, by design.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { countAnswer, MARKUP_MAX_SIDE, numberWord, summariseScene, type ImageDescription } from '../../src/inference';
import { DEFAULT_INTAKE_OPTIONS } from '../../src/inference/intake';
import { testImage } from '../helpers/paths';
import { modelInference, startModelFixture, startSlackStack, type ModelFixture, type SlackStack } from './helpers/slack-stack';

process.env.LOG_LEVEL = 'warn';

let model: ModelFixture;
let stack: SlackStack;
const photo = readFileSync(testImage('kite_and_cold.jpg'));
/** What the module itself sees in the photo, for the answers to be compared with. */
let scene: ImageDescription;

beforeAll(async () => {
  model = await startModelFixture({ scene: true });
  stack = await startSlackStack({ model });
  const inference = modelInference(model, DEFAULT_INTAKE_OPTIONS);
  scene = await inference.describeImage(photo);
  await inference.close();
});
afterAll(async () => {
  await stack?.idle();
  await stack?.stop();
  await model?.stop();
});

test('kite_and_cold.jpg in a DM: the sentence, the marked-up JPEG in the same thread, and "how many kites?" answered with the scene\'s count', async () => {
  const kites = scene.objects.find((o) => o.label === 'kite')?.count ?? 0;
  expect(kites).toBeGreaterThan(0);

  const file = stack.sim.registerFile({ name: 'kite_and_cold.jpg', bytes: photo });
  const posted = await stack.sim.userPosts({ files: [file] });
  const [answer] = await stack.sim.waitUntilAnswered(posted.channel, posted.ts);
  expect(answer.args.text).toBe(scene.sentence);

  const [upload] = stack.sim.uploadsTo(posted.channel, posted.ts);
  const meta = await sharp(upload.bytes).metadata();
  expect(meta.format).toBe('jpeg');
  expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(MARKUP_MAX_SIDE);

  const reply = await stack.sim.userPosts({ text: 'how many kites?', threadTs: posted.ts });
  await stack.sim.waitUntilAnswered(posted.channel, reply.ts);
  const texts = stack.sim.answersTo(posted.channel, posted.ts).map((c) => c.args.text);
  expect(texts.at(-1)).toBe(countAnswer(summariseScene(scene), { label: 'kite', words: 'kites' }));
  expect(texts.at(-1)).toContain(kites === 1 ? 'one kite' : `${numberWord(kites)} kites`);
});
