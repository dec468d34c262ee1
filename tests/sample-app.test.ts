/**
 * The bundled sample (examples/shop-app) is what a new user scans first: it must produce exactly
 * the findings listed in examples/shop-app/EXPECTED.md, and none on the safe code beside them.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { rules } from "../rules/index.js";
import { MODELS } from "../rules/models/index.js";
import { runScan } from "../src/scan.js";

const SAMPLE = fileURLToPath(new URL("../examples/shop-app", import.meta.url));

const EXPECTED = [
  "api/integrations.py:21:ssrf",
  "api/integrations.py:46:error-disclosure",
  "api/main.py:15:wildcard-cors",
  "api/main.py:42:sql-injection",
  "api/main.py:68:path-traversal",
  "api/partner_tokens.py:18:jwt-verification-disabled",
  "api/reports.py:14:command-injection",
  "flask_app/account.py:14:open-redirect",
  "flask_app/account.py:28:trust-boundary",
  "flask_app/account.py:44:log-injection",
  "flask_app/account.py:52:sensitive-logging",
  "flask_app/admin.py:28:tar-extraction-traversal",
  "flask_app/remember.py:21:weak-random",
  "flask_app/remember.py:24:insecure-cookie",
  "flask_app/routes.py:20:sql-injection",
  "flask_app/routes.py:42:reflected-xss",
  "flask_app/routes.py:54:unsafe-deserialization",
  "flask_app/routes.py:61:command-injection",
  "flask_app/routes.py:75:path-traversal",
  "flask_app/uploads.py:18:path-traversal",
  "shop_common/carrier_client.py:11:tls-verification-disabled",
  "shop_common/carrier_client.py:24:insecure-tls-version",
  "shop_common/config_loader.py:16:unsafe-load",
  "shop_common/security.py:11:weak-password-hash",
  "shop_common/security.py:27:weak-hash",
  "shop_django/imports.py:10:xxe",
  "shop_django/settings.py:49:wildcard-cors",
  "shop_django/settings_staging.py:4:debug-enabled",
  "shop_django/settings_staging.py:5:permissive-hosts",
  "shop_django/settings_staging.py:6:hardcoded-secret",
  "shop_django/settings_staging.py:7:insecure-cookie",
  "shop_django/views.py:12:sql-injection",
  "shop_django/views.py:31:reflected-xss",
];

describe("examples/shop-app", () => {
  it("gives exactly the expected findings, without notices", async () => {
    const out = await runScan({
      root: SAMPLE,
      paths: [SAMPLE],
      rules,
      discover: { exclude: [], defaultExcludes: true, maxFileSize: 5 * 1024 * 1024, gitignore: true },
      inlineSuppressions: true,
      includeLocalSources: false,
      models: MODELS,
    });
    const found = out.findings.filter((f) => !f.suppression).map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`);
    expect(found.sort()).toEqual([...EXPECTED].sort());
    expect(out.notifications).toEqual([]);
    expect(out.files).toBe(23);
  });

  it("keeps EXPECTED.md in step with this list", async () => {
    const { readFile } = await import("node:fs/promises");
    const doc = await readFile(path.join(SAMPLE, "EXPECTED.md"), "utf8");
    const rows = [...doc.matchAll(/^\| `([^`]+:\d+)` \| `([a-z-]+)` \|/gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(rows.sort()).toEqual([...EXPECTED].sort());
  });
});
