/** What the bot says when it is not describing a picture. */
export const REPLY = Object.freeze({
  askForImage: 'Sure — which picture? Paste a link to the image (it should start with https://).',
  notALink: "That doesn't look like a link to me. Paste the picture's address, starting with https://.",
  help:
    "I tell you what's in a picture. Send me a link to an image — for example \"what's in https://example.org/cat.jpg\" — " +
    'and I\'ll say what I see. Then ask about it: "how many people are there?", "is there a dog?", "what does it say?", ' +
    '"what kind of bird is it?" or "what else could it be?".',
  fallback: "Sorry, I didn't catch that. Send me a link to a picture (https://…) and I'll tell you what's in it, or say \"help\".",
  nothingDescribedYet: "I haven't looked at a picture in this conversation yet. Send me a link to one first.",
  tookTooLong: 'That picture is taking me too long to look at, so I stopped. Try again in a moment, or send a smaller picture.',
  internalError: 'Something went wrong on my side. Please try again in a moment.',
  unknownIntent: "I can't help with that yet. Send me a link to a picture and I'll tell you what's in it.",
});
