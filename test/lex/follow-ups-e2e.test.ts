/**
 * Follow-up questions about real photos through the real wire: the real LexRuntimeV2Client, the
 * local Lex runtime, the fulfilment function in-process with the real inference module. The
 * answers are compared with the scene the module itself produces for the same picture, and each
 * test requires the model that scene needs (detector, reader, bird expert): until those models
 * are part of the inference module these tests fail, by design.
 */
import { GetSessionCommand, LexRuntimeV2Client, RecognizeTextCommand, type RecognizeTextCommandOutput } from '@aws-sdk/client-lex-runtime-v2';
import { InProcessCodeHook } from '../../src/dev/lex-runtime/code-hook-function';
import { startLexRuntime, type RunningLexRuntime } from '../../src/dev/lex-runtime/server';
import { countAnswer, countsPhrase, decodeSceneSummary, isThereAnswer, numberWord, pluralName, readTextAnswer, speciesAnswer, summariseScene, type ImageDescription } from '../../src/inference';
import { createLexCodeHook } from '../../src/lex/fulfilment';
import { SCREENSHOT_TEXT } from '../helpers/rendered-text';
import { startLexTestStack, type LexTestStack } from './stack';

const ids = { botId: 'ANYBOTID01', botAliasId: 'TSTALIASID', localeId: 'en_US' };
let sessions = 0;

let stack: LexTestStack;
let runtime: RunningLexRuntime;
let lex: LexRuntimeV2Client;

beforeAll(async () => {
  stack = await startLexTestStack({ scene: true });
  const fulfilment = new InProcessCodeHook(createLexCodeHook({ inference: stack.inference, config: { timeBudgetMs: 25_000, reserveMs: 1_000, trustedS3Buckets: [] }, log: () => undefined }));
  runtime = await startLexRuntime({ fulfilment });
  lex = new LexRuntimeV2Client({ endpoint: runtime.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
});
afterAll(async () => {
  lex?.destroy();
  await runtime?.stop();
  await stack?.stop();
});

function texts(response: RecognizeTextCommandOutput): string[] {
  return (response.messages ?? []).filter((m) => m.contentType === 'PlainText').map((m) => m.content ?? '');
}

/** A new session that has just been told about `photo`; returns what to ask next with, and the module's own scene of it. */
async function sessionAbout(photo: string): Promise<{ say: (text: string) => Promise<RecognizeTextCommandOutput>; scene: ImageDescription; described: RecognizeTextCommandOutput }> {
  const sessionId = `follow-ups-${++sessions}`;
  const say = (text: string) => lex.send(new RecognizeTextCommand({ ...ids, sessionId, text }));
  const described = await say(`what's in ${stack.photoUrl(photo)}`);
  const scene = await stack.inference.describeImageSource(stack.photoUrl(photo));
  return { say, scene, described };
}

test('kite_and_cold.jpg: "how many people are there?" answers the number of people the scene holds', async () => {
  const { say, scene, described } = await sessionAbout('kite_and_cold.jpg');
  const people = scene.objects.find((o) => o.label === 'person')?.count ?? 0;
  expect(people).toBeGreaterThan(0);
  // The card shows the counts.
  const card = described.messages?.find((m) => m.contentType === 'ImageResponseCard')?.imageResponseCard;
  expect(card?.subtitle).toContain(countsPhrase(summariseScene(scene)));

  const answer = await say('how many people are there?');
  expect(answer.sessionState?.intent?.name).toBe('CountObjects');
  expect(texts(answer)).toEqual([countAnswer(summariseScene(scene), { label: 'person', words: 'people' })]);
  expect(texts(answer)[0]).toContain(people === 1 ? 'one person' : `${numberWord(people)} ${pluralName('person')}`);
});

test('kite_and_cold.jpg: "is there a dog?" says no, and what it sees instead', async () => {
  const { say, scene } = await sessionAbout('kite_and_cold.jpg');
  expect(scene.objects.length).toBeGreaterThan(0);
  expect(scene.objects.some((o) => o.label === 'dog')).toBe(false);
  const answer = await say('is there a dog?');
  expect(answer.sessionState?.intent?.name).toBe('IsThereA');
  expect(texts(answer)).toEqual([isThereAnswer(summariseScene(scene), { label: 'dog', words: 'dog' })]);
  expect(texts(answer)[0]).toMatch(/^I don't see a dog — I see .+\.$/);
});

test('a rendered screenshot: "what does it say?" quotes its text', async () => {
  const { say, scene } = await sessionAbout('screenshot.png');
  expect(scene.text).toContain(SCREENSHOT_TEXT);
  const answer = await say('what does it say?');
  expect(answer.sessionState?.intent?.name).toBe('ReadText');
  expect(texts(answer)).toEqual([readTextAnswer(summariseScene(scene))]);
  expect(texts(answer)[0]).toContain(SCREENSHOT_TEXT);
});

test('bird.bmp: "what kind of bird is it?" names the species the expert found', async () => {
  const { say, scene } = await sessionAbout('bird.bmp');
  expect(scene.species?.group).toBe('bird');
  const answer = await say('what kind of bird is it?');
  expect(answer.sessionState?.intent?.name).toBe('WhichSpecies');
  expect(texts(answer)).toEqual([speciesAnswer(summariseScene(scene), 'bird')]);
  expect(texts(answer)[0]).toContain(scene.species?.name ?? 'a species name');
  const stored = decodeSceneSummary((await lex.send(new GetSessionCommand({ ...ids, sessionId: `follow-ups-${sessions}` }))).sessionState?.sessionAttributes?.lastResult);
  expect(stored?.species?.name).toBe(scene.species?.name);
});
