import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { toSarif } from "../../src/report/sarif.js";
import type { Finding } from "../../src/types.js";
import { scanResult, sqlFinding } from "./scan-fixture.js";

describe("SARIF size within GitHub's upload limit", () => {
  it("a maximal run (25,000 taint results with code flows, all distinct paths) gzips under 10 MB", () => {
    const findings: Finding[] = [];
    for (let i = 0; i < 25_000; i++) {
      const f = sqlFinding();
      const path = `services/billing/handlers/module_${String(i).padStart(5, "0")}.py`;
      findings.push({ ...f, path, flow: f.flow?.map((s) => ({ ...s, path })), fingerprint: `${(i * 2654435761).toString(16)}:1` });
    }
    const text = JSON.stringify(toSarif(scanResult(findings)));
    const gz = gzipSync(text).length;
    expect(gz).toBeLessThan(10 * 1024 * 1024);
    // and far under it: the limit leaves room for bigger flows and messages
    expect(gz).toBeLessThan(text.length / 5);
  });
});
