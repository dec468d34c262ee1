import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Every test run gets one scratch folder, and every temporary project, cache and home folder the tests make goes
 * inside it (through TMPDIR, which `os.tmpdir()` reads and the `pysast` processes the tests start inherit). The
 * folder is removed when the run ends, so `npm test` leaves nothing behind in the system's temporary directory
 * (before, each run left a few hundred folders there).
 */
export default function setup(): () => void {
  const scratch = mkdtempSync(join(tmpdir(), "pysast-tests-"));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  };
}
