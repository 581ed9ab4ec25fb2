import type { LastResult } from './last-result';

/** What the bot says when it is not describing a picture. */
export const REPLY = Object.freeze({
  askForImage: 'Sure — which picture? Paste a link to the image (it should start with https://).',
  notALink: "That doesn't look like a link to me. Paste the picture's address, starting with https://.",
  help:
    "I tell you what's in a picture. Send me a link to an image — for example \"what's in https://example.org/cat.jpg\" — " +
    'and I\'ll say what I see. After an answer, ask "what else could it be?" to hear my other guesses.',
  fallback: "Sorry, I didn't catch that. Send me a link to a picture (https://…) and I'll tell you what's in it, or say \"help\".",
  nothingDescribedYet: "I haven't looked at a picture in this conversation yet. Send me a link to one first.",
  tookTooLong: 'That picture is taking me too long to look at, so I stopped. Try again in a moment, or send a smaller picture.',
  internalError: 'Something went wrong on my side. Please try again in a moment.',
  unknownIntent: "I can't help with that yet. Send me a link to a picture and I'll tell you what's in it.",
});

/**
 * "93%", as the inference module's sentences say it: never "100%" (a model is never certain),
 * and "<1%" rather than a misleading "0%".
 */
export function percent(probability: number): string {
  const rounded = Math.min(99, Math.round(Number((probability * 100).toFixed(6))));
  return rounded === 0 && probability > 0 ? '<1%' : `${rounded}%`;
}

/** A runner-up this likely is a real alternative rather than noise. */
const CLOSE_RUNNER_UP = 0.05;

/** The answer to "what else could it be?" / "are you sure?". */
export function alternativesReply(last: LastResult): string {
  const best = `${last.label} (${percent(last.probability)})`;
  if (last.runnersUp.length === 0) return `My best guess was ${best}, and I had no other guesses.`;
  const listed = last.runnersUp.map((g) => `${g.label} (${percent(g.probability)})`);
  const others = listed.length === 1 ? listed[0] : `${listed.slice(0, -1).join(', ')} or ${listed[listed.length - 1]}`;
  if (last.runnersUp[0].probability < CLOSE_RUNNER_UP) return `I'm quite sure it's ${best} — my next guesses were far behind: ${others}.`;
  return `My best guess was ${best}. It could also be ${others}.`;
}
