import { readFileSync } from 'node:fs';

/**
 * This process's peak resident memory in MB. On Linux, from VmHWM: getrusage's maxRSS carries the
 * parent's resident size at fork across exec, so a child of the bench reported the bench's own
 * size (its models included) whenever that was larger.
 */
export function peakResidentMb(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb !== undefined) return Number(kb) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}
