/**
 * JUnit XML for CI systems that show test reports (Jenkins, GitLab's test report widget, Azure Pipelines): one
 * `<testsuite>` per rule that ran, one failing `<testcase>` per finding, a passing one for a rule without findings,
 * and `<skipped>` for findings suppressed by a comment (shown with `--show-suppressed`) or by triage.
 */
import type { Finding, ScanResult } from "../types.js";

/** Removes what XML 1.0 cannot hold (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) and escapes markup. */
export function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** An attribute value: also keeps line breaks and tabs, which attribute normalisation would turn into spaces. */
function attr(text: string): string {
  return xmlText(text).replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}

function details(f: Finding): string {
  const lines = [`${f.path}:${f.region.startLine}:${f.region.startColumn}: ${f.message}`, "", `    ${f.snippet.trim()}`];
  if (f.flow && f.flow.length > 0) {
    lines.push("", "Data flow:");
    f.flow.forEach((step, i) => lines.push(`  ${i + 1}. ${step.kind} ${step.path}:${step.region.startLine} ${step.message}`));
  }
  if (f.triage?.verdict) lines.push("", `Triage: ${f.triage.verdict}${f.triage.reasoning ? ` — ${f.triage.reasoning}` : ""}`);
  return lines.join("\n");
}

/** Renders the scan as a JUnit XML document. */
export function toJunit(result: ScanResult): string {
  const seconds = (result.stats.durationMs / 1000).toFixed(3);
  const byRule = new Map<string, Finding[]>();
  for (const meta of result.rules) byRule.set(meta.id, []);
  for (const f of result.findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const names = new Map(result.rules.map((r) => [r.id, r.name]));
  let tests = 0;
  let failures = 0;
  const suites: string[] = [];
  for (const [ruleId, findings] of [...byRule].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteSkipped = 0;
    for (const f of findings) {
      const name = `${f.path}:${f.region.startLine}:${f.region.startColumn}`;
      const open = `    <testcase classname="pysast.${attr(ruleId)}" name="${attr(name)}" time="0">`;
      if (f.suppression) {
        suiteSkipped++;
        cases.push(`${open}\n      <skipped message="${attr(`suppressed (${f.suppression.kind}): ${f.suppression.justification}`)}"/>\n    </testcase>`);
      } else {
        suiteFailures++;
        cases.push(`${open}\n      <failure message="${attr(f.message)}" type="${attr(`${f.level} ${ruleId}`)}">${xmlText(details(f))}</failure>\n    </testcase>`);
      }
    }
    if (findings.length === 0) cases.push(`    <testcase classname="pysast.${attr(ruleId)}" name="${attr(`no ${ruleId} findings`)}" time="0"/>`);
    const count = Math.max(findings.length, 1);
    tests += count;
    failures += suiteFailures;
    suites.push(
      `  <testsuite name="${attr(`pysast ${ruleId}${names.has(ruleId) ? ` (${names.get(ruleId)})` : ""}`)}" tests="${count}" failures="${suiteFailures}" errors="0" skipped="${suiteSkipped}" time="0" timestamp="${attr(result.startTime.replace(/Z$/, "").replace(/\.\d+$/, ""))}">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pysast" tests="${tests}" failures="${failures}" errors="0" time="${seconds}">\n${suites.join("\n")}\n</testsuites>\n`;
}
