/**
 * S3 failing during a cold start, and its recovery: a fresh inference module (a cold start of
 * the Lex function's code, in this process) loads the model from the stack's S3 through a proxy
 * that hangs or is down, answers one Lex turn, then S3 comes back and the next turn is answered.
 */
import { randomUUID } from 'node:crypto';
import { Inference, intakeOptionsFromEnv } from '../../inference';
import { createLexCodeHook } from '../../lex/fulfilment';
import type { CodeHookEvent } from '../../lex/lex-types';
import { startS3FaultProxy, type S3Mode } from './s3-fault-proxy';

export interface ColdStartResult {
  mode: Exclude<S3Mode, 'pass'>;
  /** What the user was told while S3 failed, and after how long. */
  failedReply: string;
  failedMs: number;
  /** The invocation's remaining time the deadline came from. */
  remainingMs: number;
  recovered: boolean;
  recoveryReply: string;
  recoveryMs: number;
}

export interface ColdStartSetup {
  s3: { host: string; port: number };
  bucket: string;
  prefix: string;
  pictureUrl: string;
  allowHost: string;
  /** The time Lambda says the invocation has left during the failure. */
  remainingMs: number;
}

export async function s3ColdStart(mode: ColdStartResult['mode'], setup: ColdStartSetup): Promise<ColdStartResult> {
  const proxy = await startS3FaultProxy(setup.s3);
  try {
    await proxy.setMode(mode);
    const inference = Inference.fromConfig(
      { model: { kind: 's3', bucket: setup.bucket, prefix: setup.prefix, endpoint: proxy.endpoint }, backend: 'wasm' },
      { ...intakeOptionsFromEnv(), allowHosts: [setup.allowHost] },
    );
    const hook = createLexCodeHook({ inference, config: { timeBudgetMs: 25_000, reserveMs: 1_000, trustedS3Buckets: [] }, log: () => undefined });
    const ask = async (remainingMs: number): Promise<{ reply: string; ms: number; ok: boolean }> => {
      const started = performance.now();
      const out = await hook(turnEvent(`what is in ${setup.pictureUrl}`), { getRemainingTimeInMillis: () => remainingMs - (performance.now() - started) });
      const first = out.messages?.[0];
      return { reply: first && 'content' in first ? first.content : '', ms: Math.round(performance.now() - started), ok: out.sessionState.intent?.state === 'Fulfilled' };
    };
    const failed = await ask(setup.remainingMs);
    await proxy.setMode('pass');
    const recovery = await ask(29_000);
    return { mode, failedReply: failed.reply, failedMs: failed.ms, remainingMs: setup.remainingMs, recovered: recovery.ok, recoveryReply: recovery.reply, recoveryMs: recovery.ms };
  } finally {
    await proxy.stop();
  }
}

function turnEvent(text: string): CodeHookEvent {
  const intent = { name: 'DescribeImage', slots: { ImageUrl: null }, state: 'ReadyForFulfillment' as const, confirmationState: 'None' as const };
  return {
    messageVersion: '1.0',
    invocationSource: 'FulfillmentCodeHook',
    inputMode: 'Text',
    responseContentType: 'text/plain; charset=utf-8',
    sessionId: 'soak-cold-start',
    inputTranscript: text,
    bot: { id: 'LOCALBOT01', name: 'whatsthat', localeId: 'en_US', version: 'DRAFT', aliasId: 'TSTALIASID', aliasName: 'TestBotAlias' },
    interpretations: [{ interpretationSource: 'Lex', nluConfidence: 1, intent }],
    sessionState: { sessionAttributes: {}, activeContexts: [], originatingRequestId: randomUUID(), intent },
  };
}
