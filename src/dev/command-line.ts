/**
 * What every command-line tool shares; imported first by each. The AWS SDK's notice that its
 * releases after January 2027 need Node 22 would otherwise open the output of every command —
 * the pinned versions run on Node 20 (README, Limits), and Lambda runs nodejs22.x.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// CloudWatch embedded metrics always go to stdout; a command's stdout is its own output (--json).
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

/** Prints `usage` and ends the process when the arguments ask for help (--help or -h). */
export function answerHelp(usage: string, argv: readonly string[] = process.argv.slice(2)): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
}
