/** Lex turns against the local Lex V2 runtime of a running stack, as `npm run ask` sends them. */
import { LexRuntimeV2Client, RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import { randomUUID } from 'node:crypto';

export interface TurnResult {
  ok: boolean;
  ms: number;
  /** The first message of the answer, or the error. */
  reply: string;
  /** The intent's state: Fulfilled for a description. */
  state?: string;
}

export class LexClient {
  private readonly client: LexRuntimeV2Client;

  constructor(endpoint: string) {
    // The local runtime checks no signature, but the client signs every request.
    this.client = new LexRuntimeV2Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  }

  async turn(text: string, sessionId = `soak-${randomUUID()}`): Promise<TurnResult> {
    const started = performance.now();
    try {
      const out = await this.client.send(new RecognizeTextCommand({ botId: 'LOCALBOT01', botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId, text }));
      const state = out.sessionState?.intent?.state;
      return { ok: state === 'Fulfilled', ms: performance.now() - started, reply: out.messages?.[0]?.content ?? '', state };
    } catch (e) {
      return { ok: false, ms: performance.now() - started, reply: `${(e as Error).name}: ${(e as Error).message}` };
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
