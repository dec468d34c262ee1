/**
 * Exact rewritten text of each pattern rule's fix — CRLF files, tabs, non-ASCII text, decorators and
 * multi-line calls included. Every fix goes through the verifier (`fixedText` fails on a withheld fix).
 */
import { describe, expect, it } from "vitest";
import { fixedText } from "./helpers.js";

const lines = (...l: string[]) => `${l.join("\n")}\n`;

describe("tar-extraction-traversal", () => {
  it('adds filter="data" after the last argument of a multi-line call, keeping its trailing comma', async () => {
    const before = lines(
      "import tarfile",
      "",
      "",
      "def restore(upload, target):",
      "    with tarfile.open(fileobj=upload, mode=\"r:gz\") as archive:",
      "        archive.extractall(",
      "            target,",
      "        )",
    );
    const { text, finding } = await fixedText({ "backup.py": before }, "backup.py", "tar-extraction-traversal");
    expect(text).toBe(before.replace("            target,\n", '            target, filter="data",\n'));
    expect(finding.fix!.safety).toBe("unsafe");
  });

  it("replaces fully_trusted in a CRLF file written with single quotes, keeping CRLF", async () => {
    const before = ["import tarfile", "", "", "def unpack(path, dest):", "    tf = tarfile.open(path)", "    tf.extractall(dest, filter='fully_trusted')", ""].join("\r\n");
    const { text } = await fixedText({ "unpack.py": before }, "unpack.py", "tar-extraction-traversal");
    expect(text).toBe(before.replace("filter='fully_trusted'", "filter='data'"));
  });
});

describe("unsafe-load", () => {
  it("switches the Loader to yaml.SafeLoader inside a decorated, tab-indented function", async () => {
    const before = lines(
      "import functools",
      "",
      "import yaml",
      "",
      "",
      "@functools.lru_cache(maxsize=None)",
      "def manifest(path):",
      "\twith open(path, encoding=\"utf-8\") as fh:",
      "\t\treturn yaml.load(fh, Loader=yaml.Loader)",
    );
    const { text } = await fixedText({ "plugins.py": before }, "plugins.py", "unsafe-load");
    expect(text).toBe(before.replace("Loader=yaml.Loader", "Loader=yaml.SafeLoader"));
  });

  it("imports SafeLoader into an existing from-import and keeps non-ASCII text intact", async () => {
    const before = lines(
      '"""Réglages de l\'application — chargés au démarrage."""',
      "from yaml import Loader, load",
      "",
      "",
      "def réglages(flux):",
      "    return load(flux, Loader)  # « configuration »",
    );
    const { text } = await fixedText({ "settings_loader.py": before }, "settings_loader.py", "unsafe-load");
    expect(text).toBe(
      lines(
        '"""Réglages de l\'application — chargés au démarrage."""',
        "from yaml import Loader, load, SafeLoader",
        "",
        "",
        "def réglages(flux):",
        "    return load(flux, SafeLoader)  # « configuration »",
      ),
    );
  });

  it("turns yaml.full_load into yaml.safe_load", async () => {
    const before = lines("import yaml", "", "", "def read(stream):", "    return yaml.full_load(stream)");
    const { text } = await fixedText({ "reader.py": before }, "reader.py", "unsafe-load");
    expect(text).toBe(before.replace("yaml.full_load(", "yaml.safe_load("));
  });
});

describe("weak-hash", () => {
  it("declares an ETag digest non-cryptographic (safe: the same digest)", async () => {
    const before = lines("import hashlib", "", "", "def etag(body: bytes) -> str:", "    return hashlib.md5(body).hexdigest()");
    const { text, finding } = await fixedText({ "http_cache.py": before }, "http_cache.py", "weak-hash");
    expect(text).toBe(before.replace("hashlib.md5(body)", "hashlib.md5(body, usedforsecurity=False)"));
    expect(finding.fix!.safety).toBe("safe");
  });

  it("moves a token digest to SHA-256 (unsafe: the digest changes)", async () => {
    const before = lines("import hashlib", "", "", "def reset_token(user_id: int, secret: str) -> str:", '    return hashlib.sha1(f"{user_id}:{secret}".encode()).hexdigest()');
    const { text, finding } = await fixedText({ "tokens.py": before }, "tokens.py", "weak-hash");
    expect(text).toBe(before.replace("hashlib.sha1(", "hashlib.sha256("));
    expect(finding.fix!.safety).toBe("unsafe");
  });

  it("adds sha256 to the from-import when the weak constructor was imported by name", async () => {
    const before = lines("from hashlib import md5", "", "", "def signature(payload: bytes) -> str:", "    return md5(payload).hexdigest()");
    const { text } = await fixedText({ "sign.py": before }, "sign.py", "weak-hash");
    expect(text).toBe(lines("from hashlib import md5, sha256", "", "", "def signature(payload: bytes) -> str:", "    return sha256(payload).hexdigest()"));
  });

  it('rewrites hashlib.new("md5") with the file\'s quote style', async () => {
    const before = lines("import hashlib", "", "", "def api_key_hash(key):", "    return hashlib.new('md5', key.encode()).hexdigest()");
    const { text } = await fixedText({ "keys.py": before }, "keys.py", "weak-hash");
    expect(text).toBe(before.replace("'md5'", "'sha256'"));
  });
});

describe("debug-enabled", () => {
  it("app.run(debug=True) reads FLASK_DEBUG; import os goes before the third-party imports", async () => {
    const before = lines("from flask import Flask", "", "", "def create_app():", "    app = Flask(__name__)", "    return app", "", "", 'if __name__ == "__main__":', '    create_app().run(host="0.0.0.0", debug=True)');
    const { text, finding } = await fixedText({ "server.py": before }, "server.py", "debug-enabled");
    expect(text).toBe(lines("import os", "", "from flask import Flask", "", "", "def create_app():", "    app = Flask(__name__)", "    return app", "", "", 'if __name__ == "__main__":', '    create_app().run(host="0.0.0.0", debug=os.environ.get("FLASK_DEBUG", "") == "1")'));
    expect(finding.fix!.safety).toBe("unsafe");
  });

  it("run_simple: the debugger's switch, not the reloader's", async () => {
    const before = lines("import os", "", "from werkzeug.serving import run_simple", "", "from app import application", "", "run_simple(\"0.0.0.0\", 5000, application, use_reloader=True, use_debugger=True)");
    const { text } = await fixedText({ "serve.py": before }, "serve.py", "debug-enabled");
    expect(text).toBe(before.replace("use_debugger=True", 'use_debugger=os.environ.get("DEBUG", "") == "1"'));
  });
});

describe("weak-random", () => {
  it("random.choice for a reset code becomes secrets.choice, import secrets added in the stdlib group", async () => {
    const before = lines("import random", "import string", "", "", "def new_reset_code() -> str:", '    return "".join(random.choice(string.digits) for _ in range(6))');
    const { text, finding } = await fixedText({ "codes.py": before }, "codes.py", "weak-random");
    expect(text).toBe(lines("import random", "import secrets", "import string", "", "", "def new_reset_code() -> str:", '    return "".join(secrets.choice(string.digits) for _ in range(6))'));
    expect(finding.fix!.safety).toBe("safe");
  });
});

describe("insecure-cookie", () => {
  it("a session cookie gets secure, httponly and samesite", async () => {
    const before = lines("from flask import Flask, make_response", "", "app = Flask(__name__)", "", "", '@app.post("/login")', "def login():", '    response = make_response("ok")', '    response.set_cookie("session_token", issue_token())', "    return response");
    const { text } = await fixedText({ "auth.py": before }, "auth.py", "insecure-cookie");
    expect(text).toBe(before.replace('set_cookie("session_token", issue_token())', 'set_cookie("session_token", issue_token(), secure=True, httponly=True, samesite="Lax")'));
  });

  it("Falcon spells SameSite same_site (and sets HttpOnly by default)", async () => {
    const before = lines("import falcon", "", "", "class Login:", "    def on_post(self, req, resp):", '        resp.set_cookie("session", make_session(req), secure=True)');
    const { text } = await fixedText({ "login.py": before }, "login.py", "insecure-cookie");
    expect(text).toBe(before.replace("secure=True)", 'secure=True, same_site="Lax")'));
  });
});
