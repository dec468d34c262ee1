import { describe, expect, it } from "vitest";
import { makeTree, runPysast } from "./helpers.js";

const VIEW = `from flask import Flask, request
import hashlib
import os

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host", "")
    os.system("ping -c 1 " + host)
    return hashlib.md5(host.encode()).hexdigest()
`;

describe("PYSAST_TIMINGS", () => {
  it("writes each phase's start to stderr, in order and with times that never go back", async () => {
    const root = makeTree({ "app.py": VIEW });
    const r = await runPysast(["scan", ".", "--no-cache", "--format", "json", "-o", "report.json", "--exit-zero", "-q"], root, { PYSAST_TIMINGS: "1" });
    expect(r.code).toBe(0);
    const lines = r.stderr.split("\n").filter((l) => l.startsWith("pysast: timing: "));
    const phases = lines.map((l) => l.replace(/^pysast: timing: [\d.]+ s: /, "").split(" (")[0]);
    expect(phases).toEqual(["discovery", "phase 1", "phase 2", "verifying fixes", "writing the report"]);
    const times = lines.map((l) => Number(/: ([\d.]+) s: /.exec(l)![1]));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("writes nothing about timings without it", async () => {
    const root = makeTree({ "app.py": VIEW });
    const r = await runPysast(["scan", ".", "--no-cache", "--format", "json", "-o", "report.json", "--exit-zero", "-q"], root);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("timing");
  });
});
