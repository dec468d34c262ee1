/** Throw-away projects written to a temporary folder, removed after each test of the file that uses them. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach } from "vitest";

/** Returns a function that writes `files` (relative path → text) into a fresh folder and returns its path. */
export function tempProjects(prefix: string): (files: Record<string, string>) => string {
  let dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    dirs = [];
  });
  return (files) => {
    const root = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
    dirs.push(root);
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    }
    return root;
  };
}
