/**
 * How the local runtime reaches the fulfilment function: in the same process (tests, a quick
 * local bot) or through the Lambda invoke API (serverless-offline, exactly as deployed).
 */
import { randomUUID } from 'node:crypto';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { LexCodeHook } from '../../lex/fulfilment';
import type { CodeHookEvent } from '../../lex/lex-types';

export interface CodeHookFunction {
  /** For logs and the start-up line. */
  readonly description: string;
  /**
   * Runs the function on one event and resolves with whatever it returned (the runtime checks
   * the shape). Rejects when the function failed, as Lex sees a Lambda error.
   */
  invoke(event: CodeHookEvent, timeoutMs: number): Promise<unknown>;
}

export class CodeHookFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CodeHookFailure';
  }
}

/** Calls the handler directly, with a Lambda-like context whose clock runs out at Lex's limit. */
export class InProcessCodeHook implements CodeHookFunction {
  readonly description = 'in-process';

  constructor(private readonly handler: LexCodeHook) {}

  async invoke(event: CodeHookEvent, timeoutMs: number): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    try {
      return await this.handler(event, { awsRequestId: randomUUID(), getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) });
    } catch (e) {
      throw new CodeHookFailure(`Unhandled: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
}

export interface LambdaInvokeOptions {
  /** The Lambda API, e.g. serverless-offline's http://127.0.0.1:3002. */
  endpoint: string;
  functionName: string;
  region?: string;
}

/** Invokes the function through the Lambda API (RequestResponse), as Lex does. */
export class LambdaInvokeCodeHook implements CodeHookFunction {
  readonly description: string;
  private readonly client: LambdaClient;

  constructor(private readonly options: LambdaInvokeOptions) {
    this.description = `Lambda ${options.functionName} at ${options.endpoint}`;
    this.client = new LambdaClient({
      endpoint: options.endpoint,
      region: options.region ?? 'us-east-1',
      // serverless-offline does not check signatures; the client still wants something to sign with.
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  }

  async invoke(event: CodeHookEvent, timeoutMs: number): Promise<unknown> {
    let result;
    try {
      result = await this.client.send(
        new InvokeCommand({ FunctionName: this.options.functionName, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(event)) }),
        { abortSignal: AbortSignal.timeout(timeoutMs) },
      );
    } catch (e) {
      throw new CodeHookFailure(`could not invoke ${this.options.functionName} at ${this.options.endpoint}: ${(e as Error).message}`, { cause: e });
    }
    const text = result.Payload ? Buffer.from(result.Payload).toString('utf8') : '';
    if (result.FunctionError) throw new CodeHookFailure(`${result.FunctionError}: ${text.slice(0, 500)}`);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new CodeHookFailure(`the function returned something that is not JSON: ${text.slice(0, 200)}`);
    }
  }

  close(): void {
    this.client.destroy();
  }
}
