/**
 * Structured log lines for operators: one JSON object per line, which CloudWatch Logs Insights
 * can query field by field. Everything goes to stderr (CloudWatch collects it too), so command
 * line tools keep stdout for their own output.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

let threshold: number | undefined;

export function log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
  // LOG_LEVEL=warn keeps busy workspaces (and test output) readable; read at the first line logged.
  threshold ??= ORDER[process.env.LOG_LEVEL as LogLevel] ?? ORDER.info;
  if (ORDER[level] < threshold) return;
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
}

/** An error as log fields: message, code when it has one, stack. */
export function errorFields(e: unknown): Record<string, unknown> {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { error: e.message, ...(code !== undefined ? { code } : {}), ...(e.stack ? { stack: e.stack } : {}) };
  }
  return { error: String(e) };
}
