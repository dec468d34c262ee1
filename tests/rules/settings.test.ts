/** Configuration context (rules/lib/settings.ts): which files and classes are for development only. */
import { describe, expect, it } from "vitest";
import { isDevelopmentPath } from "../../rules/lib/settings.js";

describe("isDevelopmentPath", () => {
  it("recognises development and test settings by folder and file name", () => {
    for (const p of ["shop/settings/dev.py", "shop/settings/local.py", "local_settings.py", "settings_test.py", "tests/settings.py", "examples/app.py", "docs/conf.py", "shop/settings_example.py", "conftest.py"]) {
      expect(isDevelopmentPath(p), p).toBe(true);
    }
  });

  it("keeps deployed and ordinary modules", () => {
    for (const p of ["shop/settings/production.py", "shop/settings/base.py", "settings.py", "app.py", "example.py", "shop/settings/dev_to_prod.py", "debug_enabled/app.py"]) {
      expect(isDevelopmentPath(p), p).toBe(false);
    }
  });
});
