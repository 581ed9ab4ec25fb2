import type { Message, SessionState } from '../../lex/lex-types';
import type { RuntimeInterpretation } from './runtime-api-types';

/** What the runtime remembers about one conversation between turns. */
export interface Session {
  sessionId: string;
  state: Omit<SessionState, 'intent'> & { intent?: SessionState['intent'] };
  /** The last turn's answer, for GetSession. */
  messages: Message[];
  interpretations: RuntimeInterpretation[];
  /** How many times the slot being elicited has been asked for without an answer. */
  elicitationAttempts: number;
  lastActiveMs: number;
}

/**
 * Conversations keyed by bot/alias/locale/session, forgotten after the bot's idle timeout
 * (Bot.json `idleSessionTTLInSeconds`), as Lex does. The clock is injectable for tests.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly idleTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): Session | undefined {
    const session = this.sessions.get(key);
    if (session && this.now() - session.lastActiveMs > this.idleTtlMs) {
      this.sessions.delete(key);
      return undefined;
    }
    return session;
  }

  put(key: string, session: Session): void {
    session.lastActiveMs = this.now();
    this.sessions.set(key, session);
    this.sweep();
  }

  delete(key: string): boolean {
    return this.sessions.delete(key);
  }

  nowMs(): number {
    return this.now();
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, session] of this.sessions) if (now - session.lastActiveMs > this.idleTtlMs) this.sessions.delete(key);
  }
}
