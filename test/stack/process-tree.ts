/** Reading the process table (/proc), to prove a stopped stack left nothing behind. */
import { readdirSync, readFileSync } from 'node:fs';

interface ProcessInfo {
  pid: number;
  ppid: number;
  state: string;
  cmdline: string;
}

function processes(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may contain spaces and parentheses.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.push({ pid: Number(entry), ppid: Number(ppid), state, cmdline });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** Every living descendant of `root`, with its command line. */
export function descendantsOf(root: number): ProcessInfo[] {
  const all = processes();
  const found: ProcessInfo[] = [];
  const parents = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (parents.has(p.ppid) && !parents.has(p.pid)) {
        parents.add(p.pid);
        found.push(p);
        grew = true;
      }
    }
  }
  return found;
}

/** Those of `pids` still running (zombies count as gone: they hold no port and no memory). */
export function stillRunning(pids: readonly number[]): ProcessInfo[] {
  const alive = new Map(processes().map((p) => [p.pid, p]));
  return pids.flatMap((pid) => {
    const p = alive.get(pid);
    return p && p.state !== 'Z' ? [p] : [];
  });
}
