/** What the bot says when time, Slack's rate limits or a full queue stop it from answering. */
import type { SlackAnswer } from './answer-blocks';

export function outOfTimeAnswer(count: number): SlackAnswer {
  return count === 1
    ? { text: 'I ran out of time for 1 picture — send it again.' }
    : { text: `I ran out of time for ${count} pictures — send them again.` };
}

export function rateLimitedAnswer(): SlackAnswer {
  return { text: 'Slack asked me to slow down, so I could not post my answer in time — please send that picture again in a minute.' };
}

export function busyAnswer(): SlackAnswer {
  return { text: 'I am busy with other pictures right now — please send this again in a minute.' };
}
