/**
 * The local stack's ports, checked before anything starts: a port that is taken (an old stack
 * still running, another program) stops `npm start` with one line naming the port and the
 * variable that sets it, instead of a `ready` that talks to someone else's server.
 */
import { createServer } from 'node:net';

/** A port the stack will listen on, and the setting that chose it. */
export interface PortClaim {
  variable: string;
  port: number;
}

export class PortTakenError extends Error {
  constructor(
    readonly claim: PortClaim,
    reason: string,
  ) {
    super(`port ${claim.port} (${claim.variable}) is ${reason} — stop what uses it, or set ${claim.variable} to a free port`);
    this.name = 'PortTakenError';
  }
}

/** Resolves when every port can be listened on at 127.0.0.1; otherwise throws for the first that cannot. */
export async function checkPortsFree(claims: readonly PortClaim[]): Promise<void> {
  const seen = new Map<number, string>();
  for (const claim of claims) {
    const other = seen.get(claim.port);
    if (other) throw new PortTakenError(claim, `also given to ${other}`);
    seen.set(claim.port, claim.variable);
  }
  for (const claim of claims) {
    const problem = await listenProblem(claim.port);
    if (problem) throw new PortTakenError(claim, problem);
  }
}

/** Why 127.0.0.1:port cannot be listened on, or undefined when it can. */
function listenProblem(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) =>
      resolve(e.code === 'EADDRINUSE' ? 'already in use on 127.0.0.1' : e.code === 'EACCES' ? 'not allowed for this user' : `unusable (${e.code ?? e.message})`),
    );
    // exclusive: a port held by a cluster worker of this process is taken too.
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}
