/**
 * Errors as Lex's runtime API sends them: the name in `x-amzn-errortype`, the status code the
 * SDK models for it, and `{ "message": … }` as the body.
 */
export type RuntimeErrorType =
  | 'ValidationException'
  | 'ResourceNotFoundException'
  | 'DependencyFailedException'
  | 'InternalServerException'
  | 'UnknownOperationException';

const STATUS: Record<RuntimeErrorType, number> = {
  ValidationException: 400,
  ResourceNotFoundException: 404,
  DependencyFailedException: 424,
  InternalServerException: 500,
  UnknownOperationException: 404,
};

export class LexRuntimeError extends Error {
  readonly status: number;

  constructor(
    readonly errorType: RuntimeErrorType,
    message: string,
  ) {
    super(message);
    this.name = errorType;
    this.status = STATUS[errorType];
  }
}

export const validation = (message: string): LexRuntimeError => new LexRuntimeError('ValidationException', message);
export const notFound = (message: string): LexRuntimeError => new LexRuntimeError('ResourceNotFoundException', message);
export const dependencyFailed = (message: string): LexRuntimeError => new LexRuntimeError('DependencyFailedException', message);
