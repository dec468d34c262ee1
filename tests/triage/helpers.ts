/** Hand-built findings over the triage fixtures (the scan pipeline is tested elsewhere). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Finding, FlowStep, Level, RuleMeta } from "../../src/types.js";

export const FIXTURE_ROOT = fileURLToPath(new URL("../fixtures/triage/", import.meta.url));

export function fixtureText(rel: string): string {
  return readFileSync(join(FIXTURE_ROOT, rel), "utf8");
}

/** Sources map as the pipeline hands it over: repo-relative path → text. */
export function sourcesOf(...rels: string[]): Map<string, string> {
  return new Map(rels.map((r) => [r, fixtureText(r)]));
}

/** Region of `at` on 1-based `line` of `text` (must occur there). */
function regionAt(text: string, line: number, at: string) {
  const lineText = text.split("\n")[line - 1]!;
  const col = lineText.indexOf(at);
  if (col < 0) throw new Error(`"${at}" not on line ${line}: ${lineText}`);
  return { startLine: line, startColumn: col + 1, endLine: line, endColumn: col + 1 + at.length };
}

export function step(path: string, line: number, at: string, kind: FlowStep["kind"], message: string): FlowStep {
  return { path, region: regionAt(fixtureText(path), line, at), kind, message };
}

export interface FindingSpec {
  ruleId: string;
  line: number;
  at: string;
  message: string;
  level?: Level;
  securitySeverity?: string;
  flow?: FlowStep[];
}

export function finding(path: string, spec: FindingSpec): Finding {
  const text = fixtureText(path);
  return {
    ruleId: spec.ruleId,
    message: spec.message,
    path,
    region: regionAt(text, spec.line, spec.at),
    level: spec.level ?? "error",
    ...(spec.securitySeverity ? { securitySeverity: spec.securitySeverity } : {}),
    ...(spec.flow ? { flow: spec.flow } : {}),
    snippet: text.split("\n")[spec.line - 1]!,
    statementLine: spec.line,
  };
}

function rule(id: string, name: string, cwe: number[], kind: "pattern" | "taint", whatItDoes: string): RuleMeta {
  return {
    id,
    name,
    shortDescription: whatItDoes,
    fullDescription: whatItDoes,
    docs: { whatItDoes, whyBad: "Attackers can abuse it.", example: "", useInstead: "", references: [] },
    cwe,
    owasp: ["A03:2021"],
    level: "error",
    securitySeverity: "8.0",
    precision: "high",
    tags: ["security"],
    frameworks: ["flask"],
    aliases: {},
    kind,
  };
}

export const RULES = new Map<string, RuleMeta>([
  ["sql-injection", rule("sql-injection", "SqlInjection", [89], "taint", "Finds request data that reaches SQL text.")],
  ["command-injection", rule("command-injection", "CommandInjection", [78], "taint", "Finds request data that reaches a shell.")],
  ["path-traversal", rule("path-traversal", "PathTraversal", [22], "taint", "Finds request data used as a file path.")],
  ["weak-hash", rule("weak-hash", "WeakHash", [327, 328], "pattern", "Finds MD5 and SHA-1 used for security.")],
]);

const V = "app/views.py";

/** The four findings of app/views.py: SQL (f-string), SQL (int route param), path, command. */
export function viewsFindings(): Finding[] {
  return [
    finding(V, {
      ruleId: "sql-injection",
      line: 24,
      at: "db.execute(query)",
      message: "Request data reaches the SQL text of db.execute",
      securitySeverity: "9.0",
      flow: [
        step(V, 20, 'request.args.get("customer", "")', "source", "customer comes from request.args"),
        step(V, 23, "query = f", "step", "customer is formatted into query"),
        step(V, 24, "db.execute(query)", "sink", "query is executed"),
      ],
    }),
    finding(V, {
      ruleId: "sql-injection",
      line: 31,
      at: 'db.execute("SELECT id, total FROM orders WHERE id = " + str(order_id))',
      message: "Route parameter order_id reaches the SQL text of db.execute",
      securitySeverity: "9.0",
      flow: [
        step(V, 29, "order_id", "source", "route parameter order_id"),
        step(V, 31, 'db.execute("SELECT id, total FROM orders WHERE id = " + str(order_id))', "sink", "concatenated into SQL"),
      ],
    }),
    finding(V, {
      ruleId: "path-traversal",
      line: 44,
      at: "send_file(path)",
      message: "Request data reaches the path of send_file",
      level: "warning",
      securitySeverity: "7.5",
      flow: [
        step(V, 39, 'request.args.get("name", "")', "source", "name comes from request.args"),
        step(V, 43, "path = os.path.join(REPORT_DIR, name", "step", "joined into path"),
        step(V, 44, "send_file(path)", "sink", "file sent"),
      ],
    }),
    finding(V, {
      ruleId: "command-injection",
      line: 50,
      at: 'subprocess.check_output("ping -c 1 " + host, shell=True)',
      message: "Request data reaches a shell command",
      securitySeverity: "9.8",
      flow: [
        step(V, 49, 'request.args.get("host", "localhost")', "source", "host comes from request.args"),
        step(V, 50, 'subprocess.check_output("ping -c 1 " + host, shell=True)', "sink", "run by the shell"),
      ],
    }),
  ];
}

/** The MD5 finding inside app/billing.py, whose function and constants are full of credentials. */
export function billingFinding(): Finding {
  return finding("app/billing.py", {
    ruleId: "weak-hash",
    line: 31,
    at: "hashlib.md5(payload.encode())",
    message: "MD5 used to sign payload (contains SIGNING_PASSWORD)",
    level: "warning",
    securitySeverity: "5.0",
  });
}

/** The twin SQL findings of app/users.py: line 19 sits under comments addressed to an AI reviewer. */
export function usersFindings(): Finding[] {
  const U = "app/users.py";
  return [
    finding(U, {
      ruleId: "sql-injection",
      line: 19,
      at: "cur.execute(",
      message: "Request data reaches the SQL text of cur.execute",
      securitySeverity: "9.0",
      flow: [step(U, 17, 'request.args.get("username", "")', "source", "username from request.args"), step(U, 19, "cur.execute(", "sink", "formatted SQL")],
    }),
    finding(U, {
      ruleId: "sql-injection",
      line: 28,
      at: "cur.execute(",
      message: "Request data reaches the SQL text of cur.execute",
      securitySeverity: "9.0",
      flow: [step(U, 26, 'request.args.get("email", "")', "source", "email from request.args"), step(U, 28, "cur.execute(", "sink", "formatted SQL")],
    }),
  ];
}

/** Every credential literal of app/billing.py, none of which may leave the machine. */
export const BILLING_SECRETS = [
  "flask-session-signing-value-2024",
  "AKIAIOSFODNN7EXAMPLE",
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "ghp_R8wq2LmZ0vXc7TnYb4KpFh6JdSa9GeUo3Ni1",
  "T0AAA1111/B0BBB2222/XyZ1aBcD2eFgH3iJkL4mNoPq",
  "sk-proj-4fG7hJ2kL9mN3pQ8rS1tV6wX0yZ5aB",
  "xoxb-2048-4096-Zq8Wm3Nc5Lx7Kd1Pv",
  "Tr0ub4dor-and-3",
  "correct horse battery staple",
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiaWxsaW5nLXN2YyJ9.Qm9ndXNTaWduYXR1cmVGb3JUZXN0cw",
  "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu",
  "KUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQJAIJLixBy2qpFoS4DSmoEm",
  "Zx9vQ2mW7kR4tY1uP8sN3bL6",
  "hunter2-billing",
];
