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
