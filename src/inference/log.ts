/**
 * Structured log lines for operators, through one Powertools Logger: one JSON object per line
 * with level, message, timestamp and service — and, once a handler has called `logContext`, the
 * Lambda request id, cold start and the Slack event id or Lex session id — which CloudWatch Logs
 * Insights can query field by field. Everything goes to stderr (CloudWatch collects it too), so
 * command line tools keep stdout for their own output.
 */
import { Logger, type LogItem } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS = new Set<string>(['debug', 'info', 'warn', 'error']);

class StderrLogger extends Logger {
  protected override printLog(_level: number, item: LogItem): void {
    item.prepareForPrint();
    process.stderr.write(`${JSON.stringify(item.getAttributes(), this.getJsonReplacer())}\n`);
  }
}

let logger: Logger | undefined;

/** The process's one Logger, made at the first line logged so LOG_LEVEL set by then applies. */
function theLogger(): Logger {
  // LOG_LEVEL=warn keeps busy workspaces (and test output) readable.
  const level = process.env.LOG_LEVEL?.trim().toLowerCase() ?? '';
  logger ??= new StderrLogger({ serviceName: 'whatsthat', logLevel: LEVELS.has(level) ? (level.toUpperCase() as 'INFO') : 'INFO' });
  return logger;
}

export function log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
  theLogger()[level](message, fields);
}

/**
 * Called by a Lambda handler at the start of each invocation: every line logged until the next
 * call carries the request id, cold start and function name, plus `keys` (event id, session id).
 */
export function logContext(context: Context | undefined, keys: Record<string, string | number | undefined> = {}): void {
  const l = theLogger();
  l.resetKeys();
  if (context !== undefined && typeof context.getRemainingTimeInMillis === 'function') l.addContext(context);
  const defined = Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined)) as Record<string, string | number>;
  if (Object.keys(defined).length > 0) l.appendKeys(defined);
}

/** An error as log fields: message, code when it has one, stack. */
export function errorFields(e: unknown): Record<string, unknown> {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { error: e.message, ...(code !== undefined ? { code } : {}), ...(e.stack ? { stack: e.stack } : {}) };
  }
  return { error: String(e) };
}
