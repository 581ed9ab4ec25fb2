/** Image intake shared by the Lex and Slack channels: read from a source, check, decode for the model. */
export { classifyAddress, type AddressClass } from './address';
export { decodeForModel, decodePicture, type DecodedImage, type DecodedPicture, type DecodeOptions } from './decode';
export { fetchImageFromS3, parseS3Uri, type S3FetchOptions } from './fetch-s3';
export { fetchImageFromUrl, type FetchOptions, type ResolvedAddress, type Resolver } from './fetch-url';
export { detectImageFormat, requireReadableFormat, type ImageFormat, type ReadableFormat, type UnreadableFormat } from './format';
export { DEFAULT_INTAKE_OPTIONS, intakeOptionsFromEnv, parseAllowHosts, parseIntakeOptions, tooLarge, type IntakeOptions } from './intake-options';
export { readImageSource, type ReadImageSourceOptions } from './source';
export { urlForLog } from './url-for-log';
