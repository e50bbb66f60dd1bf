// How late a bench process's event loop runs (timer lateness, which includes blocking work and the
// OS scheduler's pauses). In the local portal a late loop means a request is counted late by
// HubSpot's rate limit, arrival jitter the client's limiter margin has to absorb; in a replica or
// the CLI it means a granted request is sent late. Read-and-reset, in ms.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelay {
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

export function startLoopDelayMonitor(): { takeSummary(): LoopDelay; stop(): void } {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  // The histogram counts nanoseconds.
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  return {
    takeSummary() {
      const summary = {
        p50_ms: ms(histogram.percentile(50)),
        p99_ms: ms(histogram.percentile(99)),
        max_ms: ms(histogram.max),
      };
      histogram.reset();
      return summary;
    },
    stop() {
      histogram.disable();
    },
  };
}
