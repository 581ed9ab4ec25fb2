import { SingleBar, Presets } from 'cli-progress';

/** Progress bars on stderr, so that `--json` output on stdout stays clean. */
export interface Progress {
  start(task: string, totalBytes: number): { update(doneBytes: number): void; stop(): void };
}

export const terminalProgress: Progress = {
  start(task, totalBytes) {
    const bar = new SingleBar(
      { format: `${task} [{bar}] {percentage}% {value}/{total} bytes`, stream: process.stderr, noTTYOutput: false },
      Presets.shades_classic,
    );
    bar.start(Math.max(totalBytes, 1), 0);
    return { update: (done) => bar.update(Math.min(done, Math.max(totalBytes, 1))), stop: () => bar.stop() };
  },
};

export const silentProgress: Progress = {
  start: () => ({ update: () => undefined, stop: () => undefined }),
};
