/**
 * `likelyCandidates` (src/fix/prepare.ts) picks, at the end of phase 1, the findings whose fixes the verifier's first
 * re-scan will be handed, so that their patched texts are analysed on the workers while phase 2 runs. It finalises
 * the files' findings for that without their fingerprints (nothing it returns is read for one, and hashing every
 * line up to each finding was most of its time on the scan thread): the candidates must be the scan's own.
 */
import { describe, expect, it } from "vitest";
import { rules as registry } from "../../rules/index.js";
import { likelyCandidates, type ProposingFile } from "../../src/fix/prepare.js";
import type { FileState } from "../../src/scan.js";
import type { ScanSession } from "../../src/scan-session.js";
import { isProposal } from "../../src/fix/types.js";
import { scanWithFixes } from "./helpers.js";

const ARCHIVE = [
  "import hashlib",
  "import subprocess",
  "",
  "",
  "def digest(period):",
  "    return hashlib.sha1(period.encode()).hexdigest()",
  "",
  "",
  "def legacy_digest(period):",
  "    return hashlib.sha1(period.encode()).hexdigest()  # pysast: ignore[weak-hash] checksum only, kept for old archives",
  "",
  "",
  "def bundle(period):",
  '    subprocess.run(["tar", "czf", f"/tmp/report-{period}.tgz", "/srv/reports"], check=True)',
  "",
].join("\n");

describe("the verifier's likely candidates, found without fingerprints", () => {
  it("are the unsuppressed findings with a proposed fix, in report order, and carry no fingerprint", async () => {
    const scan = await scanWithFixes({ "reports/__init__.py": "", "reports/archive.py": ARCHIVE });
    const session = scan.out.session as unknown as { states: ReadonlyMap<string, FileState> };
    const rulesById = new Map(registry.map((r) => [r.meta.id, r]));
    const files: ProposingFile[] = [...session.states.values()].map((st) => ({ ...st, text: (scan.out.session as ScanSession).text(st.rel)! }));
    const found = likelyCandidates(files, rulesById, { inlineSuppressions: true });
    // the scan's own findings whose proposed fix the verifier was handed (and passed: \`fix\`), finalised with fingerprints
    const expected = scan.out.findings.filter((f) => !f.suppression && f.fix !== undefined);
    expect(expected.map((f) => `${f.ruleId}:${f.region.startLine}`)).toEqual(["weak-hash:6"]);
    expect(expected[0]!.fingerprint).toMatch(/^[0-9a-f]+:1$/);
    expect(found.map((c) => `${c.finding.ruleId}:${c.finding.region.startLine}`)).toEqual(["weak-hash:6"]);
    const spans = (edits: readonly { start: number; end: number; text: string }[]) => edits.map(({ start, end, text }) => ({ start, end, text }));
    expect(found.map((c) => spans(c.edits))).toEqual(expected.map((f) => spans(f.fix!.edits)));
    // the suppressed finding on line 10 proposes a fix too, and is no candidate
    expect(scan.out.findings.filter((f) => f.suppression).map((f) => [f.region.startLine, isProposal(f.proposedFix)])).toEqual([[10, true]]);
    expect(found.map((c) => c.finding.fingerprint)).toEqual([undefined]);
  });
});
