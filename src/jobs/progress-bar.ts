// A one-line terminal progress bar for a rescore: processed/total, percent, changed, errors, rate
// and ETA. Pure formatting, so the CLI's output is tested without a terminal.
import type { RescoreProgress } from './rescore-progress.ts';

/** Width of the bar itself, in characters. */
export const DEFAULT_BAR_WIDTH = 30;

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Seconds as `1h 02m`, `3m 05s` or `42s`. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m ${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}

/** The progress as one line, e.g. `[#####-----]  50% 5,000/10,000 · changed 120 · … · ETA 5s`. */
export function formatProgressLine(progress: RescoreProgress, width = DEFAULT_BAR_WIDTH): string {
  const fraction =
    progress.total > 0
      ? Math.min(1, progress.processed / progress.total)
      : progress.status === 'running'
        ? 0
        : 1;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const eta =
    progress.status !== 'running'
      ? progress.status
      : progress.etaSeconds === null
        ? 'ETA –'
        : `ETA ${formatDuration(progress.etaSeconds)}`;
  return [
    `${bar} ${percent} ${integer.format(progress.processed)}/${integer.format(progress.total)}`,
    `changed ${integer.format(progress.changed)}`,
    `errors ${integer.format(progress.errors)}`,
    `${integer.format(progress.ratePerSecond)}/s`,
    eta,
  ].join(' · ');
}
