/** Runs `pysast scan` in-process on a throw-away project, with its own config and cache homes. */
import { mkdtempSync, mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runCli } from "../../src/cli-main.js";

export interface ScanRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh folder holding `files` (relative path → contents), with `.git` so it is a repository root. */
export function project(files: Record<string, string | Buffer>, git = true): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "pysast-sec-")));
  if (git) mkdirSync(join(root, ".git"));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return root;
}

/** A home for the user's own config and cache, outside every project. */
export function userHome(): { home: string; env: Record<string, string> } {
  const home = realpathSync(mkdtempSync(join(tmpdir(), "pysast-home-")));
  return { home, env: { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_CACHE_HOME: join(home, ".cache") } };
}

export async function scanIn(cwd: string, args: string[], env: Record<string, string>): Promise<ScanRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(["scan", ...args], {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env,
    cwd,
  });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

/** A Flask view with a real command injection (the finding every attack here tries to hide). */
export const VULNERABLE_VIEW = `import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args["host"]
    os.system("ping -c 1 " + host)
    return "ok"
`;

export interface JsonReport {
  findings: { ruleId: string; path: string; region: { startLine: number }; triage: { status: string; verdict?: string; cached?: boolean; flags?: string[] } | null; suppression: unknown }[];
  notifications: { kind: string; level: string; message: string; path: string | null }[];
  triage: { requests: number; cacheHits: number; dropped: number; suppressed: number; enabled: boolean } | null;
  executionSuccessful?: boolean;
}
