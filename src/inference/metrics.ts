/**
 * Operational figures as CloudWatch embedded metrics (EMF) through one Powertools Metrics
 * instance: a handler records during an invocation and calls `publishMetrics()` at its end; the
 * figures reach CloudWatch from the function's log, with no API call and no extra latency.
 * Namespace `whatsthat`, dimension `service`; failures also by `code`.
 */
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';

export type CountMetric = 'Answers' | 'Failures' | 'DedupeHits' | 'HandOvers' | 'HandOverFailures' | 'OutOfTime' | 'RateLimited' | 'JobsIncomplete';
export type LatencyMetric = 'ModelLoadTime' | 'FetchTime' | 'DecodeTime' | 'InferenceTime' | 'DescribeTime' | 'AckTime' | 'JobTime';

let metrics: Metrics | undefined;

function theMetrics(): Metrics {
  metrics ??= new Metrics({ namespace: 'whatsthat', serviceName: 'whatsthat' });
  return metrics;
}

export function countMetric(name: CountMetric, value = 1): void {
  theMetrics().addMetric(name, MetricUnit.Count, value);
}

export function latencyMetric(name: LatencyMetric, ms: number): void {
  theMetrics().addMetric(name, MetricUnit.Milliseconds, Math.round(ms));
}

/** A failure counted twice: in the total, and under its code (a dimension of its own). */
export function failureMetric(code: string): void {
  countMetric('Failures');
  theMetrics().singleMetric().addDimension('code', code).addMetric('FailuresByCode', MetricUnit.Count, 1);
}

/** Writes what was recorded since the last call as one EMF line; nothing when nothing was. */
export function publishMetrics(): void {
  const m = theMetrics();
  if (m.hasStoredMetrics()) m.publishStoredMetrics();
}
