/**
 * What an operator reads: log lines are JSON through the Powertools Logger on stderr, with the
 * Lambda request id and the Slack event id once a handler set the context; metrics are CloudWatch
 * embedded-metric (EMF) lines in namespace `whatsthat`, failures also by code.
 */
import { log, logContext } from '../src/inference/log';
import { countMetric, failureMetric, latencyMetric, publishMetrics } from '../src/inference/metrics';
import { LogLevel } from '@slack/bolt';
import { boltLogger } from '../src/slack/bolt-logger';
import { lambdaContext } from './helpers/lambda-context';

function captured(stream: NodeJS.WriteStream, run: () => void): Array<Record<string, unknown>> {
  const lines: string[] = [];
  const spy = jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('log lines carry level, message, fields, and — inside an invocation — the request id and the Slack event id', () => {
  const [line] = captured(process.stderr, () => {
    logContext(lambdaContext('whatsthat-dev-slackWorker', 7), { slack_event_id: 'Ev0TEST01' });
    log('warn', 'ran out of time', { pictures: 3 });
  });
  expect(line).toMatchObject({
    level: 'WARN',
    message: 'ran out of time',
    service: 'whatsthat',
    function_name: 'whatsthat-dev-slackWorker',
    function_request_id: lambdaContext('x', 7).awsRequestId,
    cold_start: expect.any(Boolean),
    slack_event_id: 'Ev0TEST01',
    pictures: 3,
  });
  // The next invocation starts clean: no event id left over from the last one.
  const [next] = captured(process.stderr, () => {
    logContext(lambdaContext('whatsthat-dev-lexFulfilment', 8), { lex_session_id: 'session-1' });
    log('warn', 'next');
  });
  expect(next.slack_event_id).toBeUndefined();
  expect(next.lex_session_id).toBe('session-1');
});

test('metrics are EMF lines: counts and latencies in one, each failure code in its own with a `code` dimension', () => {
  const lines = captured(process.stdout, () => {
    countMetric('Answers');
    countMetric('DedupeHits');
    latencyMetric('ModelLoadTime', 812.4);
    failureMetric('timeout');
    publishMetrics();
  });
  const byCode = lines.find((l) => 'FailuresByCode' in l);
  expect(byCode).toMatchObject({ code: 'timeout', FailuresByCode: 1, _aws: { CloudWatchMetrics: [{ Namespace: 'whatsthat', Dimensions: [expect.arrayContaining(['code'])] }] } });
  const main = lines.find((l) => 'Answers' in l);
  expect(main).toMatchObject({ Answers: 1, DedupeHits: 1, ModelLoadTime: 812, Failures: 1, service: 'whatsthat' });
  // Nothing recorded, nothing written.
  expect(captured(process.stdout, () => publishMetrics())).toEqual([]);
});

test("Bolt's own lines come out in the same JSON format, at Bolt's level", () => {
  const logger = boltLogger();
  logger.setLevel(LogLevel.WARN);
  const lines = captured(process.stderr, () => {
    logger.info('Invalid request signature detected');
    logger.error('An unhandled error occurred while Bolt processed an event', new Error('hand-over refused'));
  });
  expect(lines).toEqual([
    expect.objectContaining({ level: 'ERROR', source: 'bolt', message: 'An unhandled error occurred while Bolt processed an event hand-over refused', stack: expect.stringContaining('hand-over refused') }),
  ]);
});
