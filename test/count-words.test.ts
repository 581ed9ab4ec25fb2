import { countPhrase, numberWord, objectName, pluralName, pluralNoun } from '../src/inference/describe/count-words';

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
    expect(pluralName('bench')).toBe('benches');
    expect(pluralName('wine glass')).toBe('wine glasses');
    expect(pluralName('mouse')).toBe('mice');
    expect(pluralName('knife')).toBe('knives');
  });

  test('names of any kind take the plural of their last word, keeping its capitals', () => {
    expect(pluralNoun('House Finch')).toBe('House Finches');
    expect(pluralNoun('Eurasian Spoonbill')).toBe('Eurasian Spoonbills');
    expect(pluralNoun('Canada Goose')).toBe('Canada Geese');
    expect(pluralNoun('Dall Sheep')).toBe('Dall Sheep');
    expect(pluralNoun('Wild Turkey')).toBe('Wild Turkeys');
    expect(pluralNoun('Common Buttonquail')).toBe('Common Buttonquails');
    expect(pluralNoun('puppy')).toBe('puppies');
    expect(pluralNoun('box')).toBe('boxes');
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
