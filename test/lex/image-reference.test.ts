import { findImageReference, findLink, isPublicHttpsUrl } from '../../src/lex/image-reference';
import { lexEvent, slotWith } from './events';

describe('finding the picture in a Lex turn', () => {
  test.each([
    ['what is in https://example.org/cat.jpg?', 'https://example.org/cat.jpg'],
    ['look: <https://example.org/a/b.png>, thanks', 'https://example.org/a/b.png'],
    ['see https://en.example.org/wiki/File:Cat_(animal).jpg.', 'https://en.example.org/wiki/File:Cat_(animal).jpg'],
    ['(https://example.org/x.jpg)', 'https://example.org/x.jpg'],
    ['HTTPS://EXAMPLE.ORG/UP.JPG', 'HTTPS://EXAMPLE.ORG/UP.JPG'],
    ['two: https://a.example/1.jpg https://b.example/2.jpg', 'https://a.example/1.jpg'],
    ['ftp://example.org/x.jpg', 'ftp://example.org/x.jpg'],
  ])('finds the link in %j', (text, link) => {
    expect(findLink(text)).toBe(link);
  });

  test.each(['what is in this picture', 'example.org/cat.jpg', 'https:// nothing', ''])('finds no link in %j', (text) => {
    expect(findLink(text)).toBeUndefined();
  });

  test('looks in the slot, then the transcript, then the request attribute, then the session attribute', () => {
    const all = { imageUrl: 'https://attr.example/a.jpg' };
    expect(findImageReference(lexEvent({ slots: { ImageUrl: slotWith('https://slot.example/s.jpg') }, transcript: 'x https://t.example/t.jpg', requestAttributes: all, sessionAttributes: all }))).toEqual({
      source: 'https://slot.example/s.jpg',
      origin: 'slot',
    });
    expect(findImageReference(lexEvent({ transcript: 'x https://t.example/t.jpg', requestAttributes: all }))).toEqual({ source: 'https://t.example/t.jpg', origin: 'transcript' });
    expect(findImageReference(lexEvent({ transcript: 'this one', requestAttributes: { imageUrl: ' s3://b/k.jpg ' }, sessionAttributes: all }))).toEqual({ source: 's3://b/k.jpg', origin: 'requestAttribute' });
    expect(findImageReference(lexEvent({ transcript: 'this one', sessionAttributes: all }))).toEqual({ source: 'https://attr.example/a.jpg', origin: 'sessionAttribute' });
    expect(findImageReference(lexEvent({ transcript: 'this one', slots: { ImageUrl: slotWith('this one') }, requestAttributes: { imageUrl: '' } }))).toBeUndefined();
  });

  test('a slot without a value counts as unfilled, like null', () => {
    const event = lexEvent({ transcript: 'what is this' });
    (event.sessionState.intent.slots as Record<string, unknown>).ImageUrl = { shape: 'Scalar' };
    expect(findImageReference(event)).toBeUndefined();
  });

  test.each([
    ['https://images.example.org/cat.jpg', true],
    ['http://images.example.org/cat.jpg', false],
    ['https://user:pw@images.example.org/cat.jpg', false],
    ['https://10.0.0.1/cat.jpg', false],
    ['https://[::1]/cat.jpg', false],
    ['https://intranet/cat.jpg', false],
    ['https://printer.local/cat.jpg', false],
    ['s3://bucket/cat.jpg', false],
    ['not a url', false],
  ])('%s may be shown on a card: %s', (url, expected) => {
    expect(isPublicHttpsUrl(url)).toBe(expected);
  });
});
