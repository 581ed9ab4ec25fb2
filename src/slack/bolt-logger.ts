/**
 * Bolt's own log lines ("Invalid request signature detected", unhandled listener errors) through
 * the same structured logger as ours, so an operator queries one format with the same request
 * and event ids.
 */
import { LogLevel, type Logger } from '@slack/bolt';
import { log } from '../inference/without-model';

const ORDER: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

export function boltLogger(): Logger {
  let level = LogLevel.INFO;
  let name = 'bolt';
  const at =
    (lineLevel: LogLevel) =>
    (...msg: unknown[]): void => {
      if (ORDER[lineLevel] < ORDER[level]) return;
      const error = msg.find((m): m is Error => m instanceof Error);
      const text = msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
      log(lineLevel, text, { source: name, ...(error?.stack ? { stack: error.stack } : {}) });
    };
  return {
    debug: at(LogLevel.DEBUG),
    info: at(LogLevel.INFO),
    warn: at(LogLevel.WARN),
    error: at(LogLevel.ERROR),
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    setName: (n) => void (name = n),
  };
}
