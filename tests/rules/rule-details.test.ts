/**
 * Behaviour the line-based fixtures cannot show: finding levels (credentials, DEBUG-only settings),
 * the name and regex heuristics the rules rely on, and the annotation harness itself.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { performance } from "node:perf_hooks";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regexAllowsAnyOrigin } from "../../rules/lib/cors.js";
import { normaliseAlgorithm, weakAlgorithm } from "../../rules/lib/hash-algorithms.js";
import { isPasswordName, words } from "../../rules/lib/password.js";
import type { ScanOutput } from "../../src/scan.js";
import { compareWithAnnotations, parseAnnotations, scanFolder } from "../helpers/annotations.js";

describe("wildcard-cors levels", () => {
  const files: Record<string, string> = {
    "fastapi_app.py": [
      "from fastapi import FastAPI",
      "from fastapi.middleware.cors import CORSMiddleware",
      "a = FastAPI()",
      'a.add_middleware(CORSMiddleware, allow_origins=["*"])',
      'a.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)',
      'a.add_middleware(CORSMiddleware, allow_origin_regex=".*", allow_credentials=True)',
      "",
    ].join("\n"),
    "settings.py": ["import os", 'DEBUG = os.environ.get("DEBUG") == "1"', "if DEBUG:", "    CORS_ALLOW_ALL_ORIGINS = True", ""].join("\n"),
    "views.py": [
      "from flask import Flask, Response, request",
      "app = Flask(__name__)",
      "@app.get('/a')",
      "def a():",
      "    r = Response()",
      '    r.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")',
      "    return r",
      "@app.get('/b')",
      "def b():",
      "    r = Response()",
      '    r.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")',
      '    r.headers["Access-Control-Allow-Credentials"] = "true"',
      "    return r",
      "@app.get('/c')",
      "def c():",
      "    r = Response()",
      '    r.headers["Access-Control-Allow-Origin"] = "*"',
      '    r.headers["Access-Control-Allow-Credentials"] = "true"',
      "    return r",
      "",
    ].join("\n"),
    "flask_cors_app.py": [
      "from flask import Flask",
      "from flask_cors import CORS",
      "app = Flask(__name__)",
      "CORS(app)",
      "CORS(app, supports_credentials=True)",
      "",
    ].join("\n"),
  };
  let tmp: string;
  let output: ScanOutput;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "pysast-cors-levels-"));
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(tmp, name), text);
    output = await scanFolder(tmp);
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it("raises credentialed wildcards and reflections to error, DEBUG-only settings to note", () => {
    const levels = output.findings
      .filter((f) => f.ruleId === "wildcard-cors")
      .map((f) => `${f.path}:${f.region.startLine}:${f.level}:${f.securitySeverity ?? "default"}`);
    expect(levels).toEqual([
      "fastapi_app.py:4:warning:default",
      "fastapi_app.py:5:error:8.8",
      "fastapi_app.py:6:error:8.8",
      "flask_cors_app.py:4:warning:default",
      "flask_cors_app.py:5:error:8.8",
      "settings.py:4:note:3.1",
      "views.py:6:warning:default",
      "views.py:11:error:8.8",
      // browsers refuse "*" together with credentials, so it stays a warning
      "views.py:17:warning:default",
    ]);
  });
});

describe("names rebound many times", () => {
  it("are followed once per binding, not once per path", async () => {
    const rebinds = Array.from({ length: 300 }, (_, i) => `    data = data + chunks[${i}]\n    path = path / "part${i}"`).join("\n");
    const source = [
      "import hashlib",
      "import pickle",
      "import yaml",
      "from pathlib import Path",
      "def build(chunks, salt):",
      "    data = salt",
      '    path = Path(__file__).parent',
      rebinds,
      "    digest = hashlib.sha256(data).hexdigest()",
      "    config = yaml.load(open(path), Loader=yaml.Loader)",
      "    return digest, config, pickle.loads(data)",
      "",
    ].join("\n");
    const tmp = await mkdtemp(path.join(os.tmpdir(), "pysast-rebind-"));
    try {
      await writeFile(path.join(tmp, "build.py"), source);
      const started = performance.now();
      const output = await scanFolder(tmp);
      expect(performance.now() - started).toBeLessThan(5_000);
      // 7 header lines and 600 rebinding lines precede the three uses
      expect(output.findings.map((f) => `${f.region.startLine}:${f.ruleId}`)).toEqual(["610:unsafe-load"]);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

describe("password names", () => {
  it("splits snake, camel and upper case names into words", () => {
    expect(words("newUserPassword2")).toEqual(["new", "user", "password"]);
    expect(words("NEW_USER_PASSWORD")).toEqual(["new", "user", "password"]);
    expect(words("HTTPPassword")).toEqual(["http", "password"]);
  });

  it("recognises passwords and rejects values derived from them", () => {
    const yes = ["password", "passwd", "pwd", "pw", "new_password", "userPassword", "passphrase", "pass_phrase", "PASSWORD", "passwords", "raw_password", "password2"];
    const no = ["password_hash", "pw_hash", "hashed_password", "password_reset_token", "reset_token", "password_salt", "pw_dir", "pw_name", "username", "bypass", "compass", "pass_count", "password_length"];
    expect(yes.filter((n) => !isPasswordName(n))).toEqual([]);
    expect(no.filter((n) => isPasswordName(n))).toEqual([]);
  });
});

describe("weak algorithm names", () => {
  it("normalises case and punctuation", () => {
    expect(normaliseAlgorithm("SHA-1")).toBe("sha1");
    expect(["MD5", "md5", "Md5", "sha1", "SHA", "SHA-1", "md4", "MD5-SHA1", "md5_sha1"].map(weakAlgorithm)).toEqual([
      "MD5", "MD5", "MD5", "SHA-1", "SHA-1", "SHA-1", "MD4", "MD5-SHA1", "MD5-SHA1",
    ]);
    expect(["sha256", "SHA-512", "sha3_256", "blake2b", "ripemd160", "sm3"].map(weakAlgorithm)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

describe("origin regexes", () => {
  it("detects patterns that admit any origin under each anchoring", () => {
    const matchAll = [".*", "^.*$", ".+", "(?i).*", "\\A.*\\Z", "https?://.*", "(.*)"];
    const specific = ["https://app\\.example\\.com", "^https://[a-z]+\\.example\\.com$", "https://.*\\.example\\.com", "[invalid"];
    expect(matchAll.filter((p) => !regexAllowsAnyOrigin(p, "full"))).toEqual([]);
    expect(specific.filter((p) => regexAllowsAnyOrigin(p, "full"))).toEqual([]);
    // re.match only anchors the start: a scheme prefix admits every site
    expect(regexAllowsAnyOrigin("https?://", "prefix")).toBe(true);
    expect(regexAllowsAnyOrigin("https?://", "full")).toBe(false);
  });
});

describe("fixture annotations", () => {
  const source = [
    "import hashlib",
    "# ruleid: weak-hash, unsafe-load",
    "# ok: wildcard-cors",
    "x = hashlib.md5(pickle.loads(b))",
    "# todoruleid: weak-password-hash",
    "y = helper(password)",
    "# todook: tar-extraction-traversal",
    "archive.extractall(d)",
    "",
  ].join("\n");

  it("applies stacked and multi-id annotations to the next code line", () => {
    expect(parseAnnotations("a.py", source).map((a) => `${a.kind}:${a.ruleId}:${a.line}:${a.annotationLine}`)).toEqual([
      "ruleid:weak-hash:4:2",
      "ruleid:unsafe-load:4:2",
      "ok:wildcard-cors:4:3",
      "todoruleid:weak-password-hash:6:5",
      "todook:tar-extraction-traversal:8:7",
    ]);
  });

  it("rejects an annotation with no code line below it", () => {
    expect(() => parseAnnotations("b.py", "x = 1\n# ruleid: weak-hash\n\ny = 2\n")).toThrow("b.py:2");
  });

  it("reports missing and unexpected lines and leaves todo lines out of the comparison", () => {
    const annotations = parseAnnotations("a.py", source);
    const reported = new Set(["a.py:4:weak-hash", "a.py:4:wildcard-cors", "a.py:8:tar-extraction-traversal"]);
    expect(compareWithAnnotations(annotations, reported)).toEqual({
      missing: ["a.py:4:unsafe-load"],
      unexpected: ["a.py:4:wildcard-cors"],
      todo: [
        "a.py:6:weak-password-hash (todoruleid: still missed)",
        "a.py:8:tar-extraction-traversal (todook: still reported)",
      ],
    });
  });
});
