/**
 * The parts of the inference module that load no model, TF.js or sharp: what a channel's
 * acknowledging path (the Slack receiver) may import. Everything else comes from `./index`.
 */
export { log, logContext, errorFields } from './log';
export type { LogLevel } from './log';
export { countMetric, failureMetric, latencyMetric, publishMetrics } from './metrics';
export type { CountMetric, LatencyMetric } from './metrics';
export { ConfigError, httpUrlSetting, portSetting, positiveIntegerSetting } from './settings';
export { DeadlineError, isDeadlineError, sleep, TimeBudget, withDeadline } from './deadline';
// Reading a follow-up question and answering it from a stored summary: words only, no model.
export { answerFollowUp, askedThing, parseFollowUpQuestion } from './describe/follow-up-question';
export type { FollowUpQuestion } from './describe/follow-up-question';
export { decodeSceneSummary, encodeSceneSummary, parseSceneSummary, summariseScene } from './describe/scene-summary';
export type { SceneSummary } from './describe/scene-summary';
