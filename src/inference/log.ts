/**
 * Structured log lines for operators: one JSON object per line on stderr (CloudWatch collects
 * stderr too, and CLI tools keep stdout for their own output).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export function log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
  if (level === 'debug' && !process.env.DEBUG) return;
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
}
