/** pysast's own version and home page, read from package.json so they never drift. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findPackageJson(): { version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version: string };
      if (pkg.name === "pysast") return pkg;
    } catch {
      // not here; keep walking up
    }
    dir = dirname(dir);
  }
  return { version: "0.0.0" };
}

export const VERSION = findPackageJson().version;
export const INFORMATION_URI = "https://github.com/pysast/pysast";
