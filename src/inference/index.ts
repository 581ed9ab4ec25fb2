/** The shared inference module. Channels import from here only. */
export { Inference, getInference } from './inference';
export type { SourceOptions } from './inference';
export { ImageError, isImageError } from './errors';
export type { ImageErrorCode } from './errors';
export type { ImageDescription, Prediction, ModelIdentity, Scene, DetectedObjects, Box, Species, StageTimings } from './types';
export { descriptionJson } from './description-json';
export type { DescriptionJson } from './description-json';
export { inferenceConfigFromEnv, DEFAULT_MODEL } from './config';
export { ConfigError, httpUrlSetting, portSetting, positiveIntegerSetting } from './settings';
export { awsRequestHandler, awsTimeoutsFromEnv } from './aws-timeouts';
export type { AwsTimeouts } from './aws-timeouts';
export type { InferenceConfig } from './config';
export { intakeOptionsFromEnv } from './intake';
export type { IntakeOptions } from './intake';
export { log, errorFields } from './log';
export type { LogLevel } from './log';
export { commonName, percent } from './describe/compose-sentence';
export { countPhrase, numberWord, objectName, pluralName } from './describe/count-words';
