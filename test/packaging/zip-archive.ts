/** The zips are read with Info-ZIP's `unzip`, the tool a person would check them with. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The names of the archive's entries (files; folders end in `/`). */
export async function zipEntries(zipPath: string): Promise<string[]> {
  const { stdout } = await run('unzip', ['-Z1', zipPath], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.split('\n').filter((line) => line !== '');
}

export async function unzipInto(zipPath: string, dir: string): Promise<void> {
  await run('unzip', ['-q', zipPath, '-d', dir]);
}
