/**
 * Process memory read from /proc (Linux): the soak watches the functions' processes without being
 * their parent, and the bench's children report their own peak.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The pid listening on 127.0.0.1:port (or any address), or undefined. */
export function pidListeningOn(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is hex ip:port; state 0A is LISTEN; inode is column 10.
      if (f.length > 9 && f[3] === '0A' && parseInt(f[1].split(':')[1], 16) === port) inodes.add(f[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (match && inodes.has(match[1])) return Number(entry);
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

/** Resident set size in MB, or undefined when the process is gone. */
export function rssMb(pid: number): number | undefined {
  const kb = statusKb(pid, 'VmRSS');
  return kb === undefined ? undefined : Math.round(kb / 1024);
}

/**
 * This process's peak resident memory in MB. On Linux, from VmHWM: getrusage's maxRSS carries the
 * parent's resident size at fork across exec, so a child of the bench reported the bench's own
 * size (its models included) whenever that was larger.
 */
export function peakResidentMb(): number {
  const kb = statusKb('self', 'VmHWM');
  return kb !== undefined ? kb / 1024 : process.resourceUsage().maxRSS / 1024;
}

/** A `kB` field of /proc/<pid>/status, or undefined (no such process, not Linux). */
function statusKb(pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb);
  } catch {
    return undefined;
  }
}
