/**
 * What the Slack cold-start children share: a Lambda context, and the line they print. Each child
 * is bundled on its own (as serverless.yml bundles each function), so the receiver's figure
 * carries none of the worker's code.
 */
import type { Context } from 'aws-lambda';
import { peakResidentMb } from '../dev/process-memory';

export function benchContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1769',
    awsRequestId: 'bench-cold-start',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** `performance.now()` counts from the start of the process: new process → first answer. */
export function reportColdStart(extra: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ coldStartMs: performance.now(), peakRssMb: peakResidentMb(), ...extra })}\n`);
}
