import cliProgress from 'cli-progress';

type Phase = 'analyse' | 'rewrite' | 'verify';

const LABELS: Record<Phase, string> = { analyse: 'analysing', rewrite: 'rewriting', verify: 'type-checking' };

/**
 * A progress bar on stderr for long runs, shown only when stderr is a terminal (never in pipes, CI
 * logs or --json runs). Returns the engine's `onProgress` callback and a function that clears the bar.
 */
export function progressBar(enabled: boolean): { onProgress?: (done: number, total: number, phase: Phase) => void; stop: () => void } {
  if (!enabled || process.stderr.isTTY !== true) return { stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{phase} [{bar}] {value}/{total}',
      clearOnComplete: true,
      hideCursor: true,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let current: Phase | undefined;
  return {
    onProgress(done, total, phase) {
      if (!started) {
        bar.start(total, done, { phase: LABELS[phase] });
        started = true;
      } else if (phase !== current) {
        bar.setTotal(total);
      }
      current = phase;
      bar.update(done, { phase: LABELS[phase] });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
