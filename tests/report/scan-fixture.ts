/** Hand-built scan results for the reporter tests: realistic rules, paths, flows, suppressions, triage. */
import type { Finding, RuleMeta, ScanResult } from "../../src/types.js";

export const sqlInjectionRule: RuleMeta = {
  id: "sql-injection",
  name: "SqlInjection",
  shortDescription: "User input reaches a SQL query built as a string",
  fullDescription:
    "Data from an HTTP request flows into a SQL statement that is built by string formatting or concatenation instead of being passed as a query parameter.",
  docs: {
    whatItDoes: "Finds SQL statements built from request data with string formatting.",
    whyBad: "An attacker can change the query: read other users' rows, bypass login checks or drop tables.",
    example: 'cursor.execute(f"SELECT * FROM items WHERE name = \'{name}\'")\n',
    useInstead: 'cursor.execute("SELECT * FROM items WHERE name = %s", (name,))\n',
    useInsteadText: "Pass values as parameters and let the driver quote them.",
    references: [
      {
        title: "CWE-89: Improper Neutralization of Special Elements used in an SQL Command",
        url: "https://cwe.mitre.org/data/definitions/89.html",
      },
      { title: "Python DB-API 2.0 (PEP 249)", url: "https://peps.python.org/pep-0249/" },
    ],
  },
  cwe: [89],
  owasp: ["A03:2021-Injection"],
  level: "error",
  securitySeverity: "8.8",
  precision: "high",
  tags: ["security", "injection"],
  frameworks: ["flask", "django"],
  aliases: { bandit: ["B608"], ruff: ["S608"] },
  kind: "taint",
};

export const weakHashRule: RuleMeta = {
  id: "weak-hash",
  name: "WeakHash",
  shortDescription: "MD5 or SHA-1 used where a strong hash is needed",
  fullDescription: "A broken hash function (MD5, SHA-1) is used without `usedforsecurity=False`.",
  docs: {
    whatItDoes: "Finds calls to `hashlib.md5` and `hashlib.sha1`, directly or through `hashlib.new`.",
    whyBad: "Collisions for MD5 and SHA-1 can be computed cheaply.",
    example: "import hashlib\ndigest = hashlib.md5(password).hexdigest()\n",
    useInstead: "import hashlib\ndigest = hashlib.sha256(data).hexdigest()\n",
    references: [],
  },
  cwe: [327, 328],
  owasp: [],
  level: "warning",
  securitySeverity: "5.9",
  precision: "very-high",
  tags: ["crypto", "external/cwe/cwe-327"],
  frameworks: [],
  aliases: { bandit: ["B324"], ruff: ["S324"] },
  kind: "pattern",
};

export const corsRule: RuleMeta = {
  id: "cors-wildcard",
  name: "CorsWildcard",
  shortDescription: "CORS allows every origin",
  fullDescription: "The application answers cross-origin requests from any site.",
  docs: {
    whatItDoes: "Finds CORS configuration that allows the origin `*`.",
    whyBad: "Any web page can read responses meant for your own front end.",
    example: 'app.add_middleware(CORSMiddleware, allow_origins=["*"])\n',
    useInstead: 'app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])\n',
    references: [],
  },
  cwe: [942],
  owasp: [],
  level: "note",
  securitySeverity: "4.3",
  precision: "medium",
  tags: [],
  frameworks: ["fastapi"],
  aliases: {},
  kind: "pattern",
};

/** A taint finding with a three-step flow across two files. */
export function sqlFinding(): Finding {
  return {
    ruleId: "sql-injection",
    path: "app/views/search.py",
    level: "error",
    message: "User input from `request.args` reaches `cursor.execute` as part of the query text.",
    region: { startLine: 18, startColumn: 5, endLine: 18, endColumn: 26 },
    snippet: "    cursor.execute(query)",
    statementLine: 18,
    fingerprint: "8d3bb2e6c5a11f40:1",
    flow: [
      {
        kind: "source",
        path: "app/views/search.py",
        region: { startLine: 15, startColumn: 12, endLine: 15, endColumn: 33 },
        message: 'request.args.get("q") is user input',
      },
      {
        kind: "call",
        path: "app/db/queries.py",
        region: { startLine: 4, startColumn: 12, endLine: 4, endColumn: 60 },
        message: "build_search(term) returns it inside an f-string",
      },
      {
        kind: "sink",
        path: "app/views/search.py",
        region: { startLine: 18, startColumn: 5, endLine: 18, endColumn: 26 },
        message: "query reaches cursor.execute",
      },
    ],
    triage: {
      status: "triaged",
      verdict: "true_positive",
      confidence: 0.93,
      reasoning: "Line 15 reads `q` from the query string and line 18 executes it unescaped.",
      remediation: "Pass the term as a parameter: cursor.execute(SQL, (term,)).",
      model: "claude-sonnet-4-5",
      promptVersion: "2",
    },
  };
}

/** A pattern finding hidden by `# nosec`. */
export function inlineSuppressedFinding(): Finding {
  return {
    ruleId: "weak-hash",
    path: "app/utils/cache.py",
    level: "warning",
    message: "hashlib.md5 is a broken hash function.",
    region: { startLine: 7, startColumn: 11, endLine: 7, endColumn: 39 },
    snippet: "    key = hashlib.md5(raw).hexdigest()  # nosec B324",
    statementLine: 7,
    fingerprint: "41c07a9de2f3b811:1",
    suppression: { kind: "inline", justification: "# nosec B324" },
  };
}

/** A pattern finding the triage stage judged a false positive, in a path with a space. */
export function triageSuppressedFinding(): Finding {
  return {
    ruleId: "weak-hash",
    path: "services/report builder/export.py",
    level: "warning",
    message: "hashlib.sha1 is a broken hash function.",
    region: { startLine: 22, startColumn: 9, endLine: 22, endColumn: 39 },
    snippet: "\tetag = hashlib.sha1(body).hexdigest()",
    statementLine: 22,
    fingerprint: "f00d1e2a7b9c3d45:1",
    suppression: {
      kind: "external",
      justification: "LLM triage: false positive (confidence 0.88): the digest is an HTTP ETag, not a security control.",
    },
    triage: {
      status: "triaged",
      verdict: "false_positive",
      confidence: 0.88,
      reasoning: "The SHA-1 digest is only used as an ETag header value.",
      model: "claude-sonnet-4-5",
      promptVersion: "2",
      cached: true,
    },
  };
}

/** A finding whose message links to a related location, and contains code with brackets. */
export function corsFinding(): Finding {
  return {
    ruleId: "cors-wildcard",
    path: "app/main.py",
    level: "note",
    message: "CORSMiddleware allows every origin through [allow_origins](1); handlers[name](request) is unaffected.",
    region: { startLine: 30, startColumn: 1, endLine: 34, endColumn: 2 },
    snippet: "app.add_middleware(",
    statementLine: 30,
    related: [
      {
        path: "app/main.py",
        region: { startLine: 32, startColumn: 5, endLine: 32, endColumn: 24 },
        message: 'allow_origins=["*"]',
      },
    ],
  };
}

export function scanResult(findings: Finding[], overrides: Partial<ScanResult> = {}): ScanResult {
  return {
    root: "/home/ci/work/shop-api",
    findings,
    notifications: [],
    rules: [corsRule, sqlInjectionRule, weakHashRule],
    stats: { files: 42, lines: 3120, skipped: 0, suppressed: 0, baselined: 0, durationMs: 1240, parseMs: 310 },
    toolVersion: "0.1.0",
    commandLine: "pysast scan . --format sarif -o pysast.sarif",
    startTime: "2025-03-14T09:26:53.000Z",
    endTime: "2025-03-14T09:26:54.240Z",
    executionSuccessful: true,
    ...overrides,
  };
}

/** The fixture most tests share: every kind of finding, two notices, triage ran. */
export function fullScan(): ScanResult {
  return scanResult([corsFinding(), inlineSuppressedFinding(), sqlFinding(), triageSuppressedFinding()], {
    notifications: [
      {
        kind: "syntax-error",
        level: "warning",
        message: "legacy/py2_report.py has syntax errors from line 3; findings there may be incomplete",
        path: "legacy/py2_report.py",
        line: 3,
      },
      {
        kind: "too-large",
        level: "note",
        message: "skipped: larger than the 2 MB limit",
        path: "vendor/generated_pb2.py",
      },
    ],
    stats: { files: 42, lines: 3120, skipped: 1, suppressed: 1, baselined: 2, durationMs: 1240, parseMs: 310 },
    triage: {
      enabled: true,
      model: "claude-sonnet-4-5",
      promptVersion: "2",
      action: "suppress",
      requests: 1,
      cacheHits: 1,
      inputTokens: 5210,
      outputTokens: 388,
      cacheReadTokens: 0,
      cacheWriteTokens: 4100,
      estimatedCostUsd: 0.02145,
      triaged: 2,
      errors: 0,
      notTriaged: 0,
      suppressed: 1,
      dropped: 0,
    },
    category: "pysast",
    vcs: {
      repositoryUri: "https://x-access-token:ghs_secret123@github.com/acme/shop-api.git",
      revisionId: "3f2c9e1b7a4d6e8f0a1b2c3d4e5f60718293a4b5",
      branch: "main",
    },
  });
}
