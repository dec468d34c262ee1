/**
 * Exact rewritten text of the fixes of tls-verification-disabled and jwt-verification-disabled, their
 * class, and the cases left without a fix. Every fix goes through the verifier (`fixedText` fails on a
 * withheld fix).
 */
import { describe, expect, it } from "vitest";
import { fixedText, scanWithFixes } from "./helpers.js";

const lines = (...l: string[]) => `${l.join("\n")}\n`;

describe("tls-verification-disabled", () => {
  it("removes verify=False from a multi-line requests call with its line and comment, keeping the trailing comma", async () => {
    const before = lines(
      "import requests",
      "",
      "",
      "def fetch_invoice(invoice_id, token):",
      "    response = requests.get(",
      '        f"https://billing.internal.example.com/invoices/{invoice_id}",',
      '        headers={"Authorization": f"Bearer {token}"},',
      "        verify=False,  # staging uses a self-signed certificate",
      "        timeout=10,",
      "    )",
      "    return response.json()",
    );
    const { text, finding } = await fixedText({ "billing.py": before }, "billing.py", "tls-verification-disabled");
    expect(text).toBe(before.replace("        verify=False,  # staging uses a self-signed certificate\n", ""));
    expect(finding.fix!.safety).toBe("unsafe");
    expect(finding.fix!.description).toBe("Remove verify=False so the server's certificate is verified");
  });

  it("removes the only argument of httpx.Client and the last one of an aiohttp request", async () => {
    const client = lines("import httpx", "", "", "def make_client():", "    return httpx.Client(verify=False)");
    expect((await fixedText({ "client.py": client }, "client.py", "tls-verification-disabled")).text).toBe(client.replace("Client(verify=False)", "Client()"));
    const aio = lines("import aiohttp", "", "", "async def rates(session: aiohttp.ClientSession, url: str):", "    async with session.get(url, ssl=False) as resp:", "        return await resp.json()");
    expect((await fixedText({ "rates.py": aio }, "rates.py", "tls-verification-disabled")).text).toBe(aio.replace("session.get(url, ssl=False)", "session.get(url)"));
  });

  it("turns session.verify back on in a tab-indented CRLF file", async () => {
    const before = ["import requests", "", "", "class Carrier:", "\tdef __init__(self):", "\t\tself.session = requests.Session()", "\t\tself.session.verify = False", ""].join("\r\n");
    const { text } = await fixedText({ "carrier.py": before }, "carrier.py", "tls-verification-disabled");
    expect(text).toBe(before.replace("self.session.verify = False", "self.session.verify = True"));
  });

  it("an unverified context becomes ssl.create_default_context(cafile=...), keeping non-ASCII text", async () => {
    const before = lines("import ssl", "import urllib.request", "", "", "def télécharger(url):", '    context = ssl._create_unverified_context(cafile="/etc/ssl/interne.pem")  # « temporaire »', "    return urllib.request.urlopen(url, context=context).read()");
    const { text } = await fixedText({ "download.py": before }, "download.py", "tls-verification-disabled");
    expect(text).toBe(before.replace("ssl._create_unverified_context(", "ssl.create_default_context("));
  });

  it("puts ssl.create_default_context back as the default HTTPS context", async () => {
    const before = lines("import ssl", "", "ssl._create_default_https_context = ssl._create_unverified_context");
    const { text } = await fixedText({ "sitecustomize_app.py": before }, "sitecustomize_app.py", "tls-verification-disabled");
    expect(text).toBe(lines("import ssl", "", "ssl._create_default_https_context = ssl.create_default_context"));
  });

  it("CERT_NONE becomes CERT_REQUIRED as written: a string for urllib3, an imported name beside its import", async () => {
    const pool = lines("import urllib3", "", "", "def pool():", '    return urllib3.PoolManager(cert_reqs="CERT_NONE")');
    expect((await fixedText({ "pool.py": pool }, "pool.py", "tls-verification-disabled")).text).toBe(pool.replace('"CERT_NONE"', '"CERT_REQUIRED"'));
    const ctx = lines("from ssl import CERT_NONE, create_default_context", "", "", "def client_context():", "    context = create_default_context()", "    context.verify_mode = CERT_NONE", "    return context");
    expect((await fixedText({ "ctx.py": ctx }, "ctx.py", "tls-verification-disabled")).text).toBe(
      lines("from ssl import CERT_NONE, create_default_context, CERT_REQUIRED", "", "", "def client_context():", "    context = create_default_context()", "    context.verify_mode = CERT_REQUIRED", "    return context"),
    );
  });

  it("offers no fix where the value comes through a name or the replacement needs the host name", async () => {
    const scan = await scanWithFixes({
      "legacy.py": lines(
        "import socket",
        "import ssl",
        "",
        "import requests",
        "",
        "VERIFY_TLS = False",
        "",
        "",
        "def status(url):",
        "    return requests.get(url, verify=VERIFY_TLS, timeout=5).status_code",
        "",
        "",
        "def raw(host):",
        "    return ssl.wrap_socket(socket.create_connection((host, 443)))",
      ),
    });
    const found = scan.findings.filter((f) => f.ruleId === "tls-verification-disabled");
    expect(found.map((f) => [f.region.startLine, f.fix === undefined])).toEqual([
      [10, true],
      [14, true],
    ]);
    expect(scan.stats.proposed).toBe(0);
  });
});

describe("jwt-verification-disabled", () => {
  it("turns verify_signature back on in the call's options (PyJWT)", async () => {
    const before = lines(
      "import jwt",
      "from flask import abort, request",
      "",
      "",
      "def current_user_id(secret_key):",
      '    token = request.headers["Authorization"].removeprefix("Bearer ")',
      '    claims = jwt.decode(token, secret_key, algorithms=["HS256"], options={"verify_signature": False})',
      '    if "sub" not in claims:',
      "        abort(401)",
      '    return claims["sub"]',
    );
    const { text, finding } = await fixedText({ "auth.py": before }, "auth.py", "jwt-verification-disabled");
    expect(text).toBe(before.replace('{"verify_signature": False}', '{"verify_signature": True}'));
    expect(finding.fix!.safety).toBe("unsafe");
    expect(finding.fix!.description).toBe("Verify the token (verify_signature=True)");
  });

  it("adds algorithms=[ALGORITHM] to a multi-line decode when the file signs with that module constant", async () => {
    const before = lines(
      "from datetime import datetime, timedelta, timezone",
      "",
      "import jwt",
      "",
      'SECRET_KEY = "change-me"',
      'ALGORITHM = "HS256"',
      "",
      "",
      "def issue(user_id: int) -> str:",
      '    payload = {"sub": str(user_id), "exp": datetime.now(timezone.utc) + timedelta(hours=1)}',
      "    return jwt.encode(payload, SECRET_KEY, algorithm=ALGORITHM)",
      "",
      "",
      "def read(token: str) -> dict:",
      "    return jwt.decode(",
      "        token,",
      "        SECRET_KEY,",
      "    )",
    );
    const { text, finding } = await fixedText({ "tokens.py": before }, "tokens.py", "jwt-verification-disabled");
    expect(text).toBe(before.replace("        SECRET_KEY,\n    )", "        SECRET_KEY, algorithms=[ALGORITHM],\n    )"));
    expect(finding.fix!.description).toBe("Verify the token (algorithms=[ALGORITHM])");
  });

  it('takes "none" out of the algorithms and turns the expiry check on (python-jose)', async () => {
    const none = lines("from jose import jwt", "", "", "def claims(token, key):", '    return jwt.decode(token, key, algorithms=["RS256", "none"])');
    expect((await fixedText({ "sso.py": none }, "sso.py", "jwt-verification-disabled")).text).toBe(none.replace('["RS256", "none"]', '["RS256"]'));
    const exp = lines("from jose import jwt", "", "", "def claims(token, key):", '    return jwt.decode(token, key, algorithms=["RS256"], options={"verify_exp": False})');
    expect((await fixedText({ "sso.py": exp }, "sso.py", "jwt-verification-disabled")).text).toBe(exp.replace('"verify_exp": False', '"verify_exp": True'));
  });

  it("validates Authlib claims on the line after decoding them", async () => {
    const before = lines(
      "from authlib.jose import jwt",
      "",
      "",
      "def user_from(token, public_key):",
      "    claims = jwt.decode(token, public_key)  # signature checked here",
      '    return claims["sub"]',
    );
    const { text } = await fixedText({ "oidc.py": before }, "oidc.py", "jwt-verification-disabled");
    expect(text).toBe(before.replace("  # signature checked here\n", "  # signature checked here\n    claims.validate()\n"));
  });

  it("says why there is no fix: no key to verify with, or no way to tell the algorithm", async () => {
    const scan = await scanWithFixes({
      "peek.py": lines("import jwt", "", "", "def tenant_of(token):", '    return jwt.decode(token, options={"verify_signature": False})["tenant"]'),
      "legacy.py": lines("import jwt", "", "", "def read(token, key):", "    return jwt.decode(token, key)"),
    });
    const found = scan.findings.filter((f) => f.ruleId === "jwt-verification-disabled").map((f) => [f.path, f.fix === undefined, f.fixNote]);
    expect(found).toEqual([
      ["legacy.py", true, "pysast cannot tell from this file which algorithm your tokens are signed with: pass algorithms=[...] with it."],
      ["peek.py", true, "The call has no key to verify the signature with: decode with the key (and algorithms=[...]) of the tokens you issue."],
    ]);
  });
});

describe("insecure-tls-version", () => {
  it("raises an old minimum to TLS 1.2 in the spelling the file uses (ssl, pyOpenSSL)", async () => {
    const ctx = lines("import ssl", "", "", "def feed_context():", "    context = ssl.create_default_context()", "    context.minimum_version = ssl.TLSVersion.TLSv1", "    return context");
    const { text, finding } = await fixedText({ "feed.py": ctx }, "feed.py", "insecure-tls-version");
    expect(text).toBe(ctx.replace("TLSVersion.TLSv1\n", "TLSVersion.TLSv1_2\n"));
    expect(finding.fix!.safety).toBe("unsafe");
    const py = lines("from OpenSSL import SSL", "", "", "def server_context():", "    context = SSL.Context(SSL.TLS_METHOD)", "    context.set_min_proto_version(SSL.TLS1_VERSION)", "    return context");
    expect((await fixedText({ "srv.py": py }, "srv.py", "insecure-tls-version")).text).toBe(py.replace("SSL.TLS1_VERSION", "SSL.TLS1_2_VERSION"));
  });

  it("a context pinned to one protocol gets a note, not a fix", async () => {
    const scan = await scanWithFixes({ "legacy_feed.py": lines("import ssl", "", "", "def legacy_context():", "    return ssl.SSLContext(ssl.PROTOCOL_TLSv1)") });
    const found = scan.findings.filter((f) => f.ruleId === "insecure-tls-version");
    expect(found.map((f) => [f.region.startLine, f.fix === undefined, f.fixNote?.startsWith("the context is pinned to one protocol")])).toEqual([[5, true, true]]);
  });
});
