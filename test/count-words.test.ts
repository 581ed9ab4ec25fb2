import { countPhrase, numberWord, objectName, pluralName } from '../src/inference/describe/count-words';

describe('count words', () => {
  test('numbers in words up to ten, digits above', () => {
    expect([0, 1, 3, 10, 11, 40].map(numberWord)).toEqual(['no', 'one', 'three', 'ten', '11', '40']);
  });

  test('labels read as a person says them, with irregular plurals', () => {
    expect(objectName('sports ball')).toBe('ball');
    expect(pluralName('person')).toBe('people');
    expect(pluralName('sheep')).toBe('sheep');
    expect(pluralName('bus')).toBe('buses');
    expect(pluralName('kite')).toBe('kites');
  });

  test('count phrases with articles', () => {
    expect(countPhrase('dog', 1)).toBe('a dog');
    expect(countPhrase('umbrella', 1)).toBe('an umbrella');
    expect(countPhrase('person', 3)).toBe('three people');
    expect(countPhrase('kite', 12)).toBe('12 kites');
    expect(countPhrase('cat', 0)).toBe('no cats');
    expect(countPhrase('scissors', 1)).toBe('a pair of scissors');
  });
});
