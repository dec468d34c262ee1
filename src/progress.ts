/** The progress line on standard error: shown only on a terminal (and not with -q), rewritten in place, cleared at the end. */
import type { ScanProgress } from "./scan.js";

export interface ProgressLine {
  update(event: ScanProgress): void;
  /** Clears the line so the report starts on a clean line. */
  done(): void;
}

/** A progress line for `stream`; silent unless it is a terminal. `now` is injectable for tests. */
export function progressLine(stream: { write(s: string): unknown; isTTY?: boolean }, enabled: boolean, now: () => number = Date.now): ProgressLine {
  if (!enabled || !stream.isTTY) return { update: () => {}, done: () => {} };
  let last = 0;
  let shown = false;
  const show = (text: string) => {
    stream.write(`\r\x1b[2K${text}`);
    shown = true;
  };
  return {
    update(event) {
      if (event.phase === "taint") return show("pysast: analysing data flows…");
      const t = now();
      // at most ten redraws a second, but always the last file
      if (event.done < event.total && t - last < 100) return;
      last = t;
      show(`pysast: parsed ${event.done.toLocaleString("en-US")}/${event.total.toLocaleString("en-US")} files`);
    },
    done() {
      if (shown) stream.write("\r\x1b[2K");
      shown = false;
    },
  };
}
