import { loadBotDefinition } from '../../src/lex/bot-definition/load-bot-definition';
import { matchSlotAnswer, rankIntents, tokenize } from '../../src/dev/lex-runtime/utterance-matcher';

const locale = loadBotDefinition().locales[0];
const threshold = locale.nluConfidenceThreshold;
const top = (text: string) => {
  const [best] = rankIntents(locale, text);
  return best.score >= threshold ? best.intentName : 'FallbackIntent';
};

describe('local runtime intent matching from the sample utterances in bots/', () => {
  test.each([
    ["What's in https://images.example.org/cat.jpg?", 'DescribeImage'],
    ['hey, what is in https://images.example.org/cat.jpg please', 'DescribeImage'],
    ['https://images.example.org/cat.jpg', 'DescribeImage'],
    ['What is in this picture?', 'DescribeImage'],
    ['describe another picture', 'DescribeImage'],
    ['What else could it be?', 'AlternativeGuesses'],
    ['are you sure', 'AlternativeGuesses'],
    ['Hi!', 'Help'],
    ['hello there', 'Help'],
    ['what can you do?', 'Help'],
    ['how many people are there?', 'CountObjects'],
    ['How many puppies?', 'CountObjects'],
    ['how many trees are there', 'CountObjects'],
    ['is there a dog?', 'IsThereA'],
    ['is there a cat in it', 'IsThereA'],
    ['what does it say?', 'ReadText'],
    ['what kind of bird is it?', 'WhichSpecies'],
    ['what is the weather like', 'FallbackIntent'],
    ['order a pizza', 'FallbackIntent'],
    ['tell me a joke', 'FallbackIntent'],
  ])('%j → %s', (text, intent) => {
    expect(top(text)).toBe(intent);
  });

  test('a TopResolution slot type resolves synonyms and plurals to the listed value, and takes nothing else', () => {
    const thing = (text: string) => rankIntents(locale, text).find((m) => m.intentName === 'CountObjects')?.slots.Thing;
    expect(thing('how many people are there')).toEqual({ originalValue: 'people', interpretedValue: 'person', resolvedValues: ['person'] });
    expect(thing('how many humans are there')).toEqual({ originalValue: 'humans', interpretedValue: 'person', resolvedValues: ['person'] });
    expect(thing('how many puppies')).toEqual({ originalValue: 'puppies', interpretedValue: 'dog', resolvedValues: ['dog'] });
    expect(thing('how many tennis rackets are there')).toEqual({ originalValue: 'tennis rackets', interpretedValue: 'tennis racket', resolvedValues: ['tennis racket'] });
    expect(thing('how many trees are there')).toBeUndefined();
  });

  test('a {ImageUrl} placeholder captures the link as typed, never plain words', () => {
    const [best] = rankIntents(locale, 'describe <https://Images.Example.org/Cat.JPG>.');
    expect(best.slots.ImageUrl).toEqual({ originalValue: 'https://Images.Example.org/Cat.JPG', interpretedValue: 'https://Images.Example.org/Cat.JPG', resolvedValues: [] });
    expect(rankIntents(locale, 'describe this picture')[0].slots).toEqual({});
  });

  test('an answer to the slot prompt is read from the slot\'s own utterances or picked out of a longer reply', () => {
    const slot = locale.intents.find((i) => i.name === 'DescribeImage')!.slots[0];
    expect(matchSlotAnswer(slot, locale, "it's https://x.example/a.png", threshold)?.originalValue).toBe('https://x.example/a.png');
    expect(matchSlotAnswer(slot, locale, 'ok so I found it, try https://x.example/b.png if you can', threshold)?.originalValue).toBe('https://x.example/b.png');
    expect(matchSlotAnswer(slot, locale, 'no idea', threshold)).toBeUndefined();
  });

  test('contractions and punctuation are normalised the same way on both sides', () => {
    expect(tokenize("What's that?").map((t) => t.word)).toEqual(['what', 'is', 'that']);
    expect(tokenize("I can't see it…").map((t) => t.word)).toEqual(['i', 'can', 'not', 'see', 'it']);
  });
});
