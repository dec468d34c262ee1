/**
 * The HTML report in a real browser (Debian's Chromium through playwright-core): the sample's findings and flows
 * render, the filters work, nothing is fetched, and nothing from the scanned code runs. CI installs Chromium
 * (.ci/run) and sets CI=true, so there the test cannot be skipped.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTree, REPO, runPysast } from "./helpers.js";

const CHROMIUM = process.env.PYSAST_CHROMIUM ?? "/usr/bin/chromium";
const required = Boolean(process.env.CI) || Boolean(process.env.PYSAST_REQUIRE_BROWSER);
const available = existsSync(CHROMIUM);
if (!available && required) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)`);

const HOSTILE_LINE = `os.system("echo </script><img src=x onerror=window.__pwned=1> " + request.args["q"])`;
const HOSTILE = `import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/run")
def run():
    # <script>window.__pwned = 3</script>
    ${HOSTILE_LINE}
    return "<b>done</b>"
`;

interface JsonReport {
  findings: { level: string; ruleId: string; path: string; message: string; flow: unknown[] }[];
}

describe.skipIf(!available)("the HTML report in Chromium", () => {
  let browser: Browser;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(file: string): Promise<Page> {
    const page = await browser.newPage();
    const url = pathToFileURL(file).href;
    page.on("request", (req) => {
      if (req.url() !== url) requests.push(req.url());
    });
    page.on("console", (msg) => {
      if (msg.type() === "error") consoleErrors.push(msg.text());
    });
    page.on("pageerror", (err) => consoleErrors.push(err.message));
    await page.goto(url);
    return page;
  }

  it("shows the sample's findings, their data-flow steps and rule docs, and filters by level, rule, file and text", async () => {
    const out = makeTree({});
    const shop = join(REPO, "examples", "shop-app");
    const html = join(out, "report.html");
    const r = await runPysast(["scan", ".", "--format", "json", "-o", join(out, "report.json"), "--format", "html", "-o", html], shop);
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as JsonReport;
    const page = await open(html);

    const cards = page.locator("article.finding");
    expect(await cards.count()).toBe(report.findings.length);
    expect(await page.locator("article.finding details.flow").count()).toBe(report.findings.filter((f) => f.flow.length > 0).length);
    const firstFlow = report.findings.findIndex((f) => f.flow.length > 0);
    expect(await cards.nth(firstFlow).locator("details.flow li").count()).toBe(report.findings[firstFlow]!.flow.length);
    expect(await cards.nth(firstFlow).locator("pre.frame .hit").count()).toBeGreaterThan(0);
    expect(await page.locator("#rule-sql-injection h4").first().textContent()).toBe("What it does");

    const visible = async () => page.locator("article.finding:visible").count();
    const warnings = report.findings.filter((f) => f.level === "warning").length;
    await page.selectOption("#f-level", "warning");
    expect(await visible()).toBe(warnings);
    expect(await page.textContent("#shown-count")).toBe(`${warnings} of ${report.findings.length} findings shown`);
    await page.selectOption("#f-level", "");
    await page.selectOption("#f-rule", "sql-injection");
    expect(await visible()).toBe(report.findings.filter((f) => f.ruleId === "sql-injection").length);
    await page.selectOption("#f-rule", "");
    await page.selectOption("#f-file", "flask_app/routes.py");
    expect(await visible()).toBe(report.findings.filter((f) => f.path === "flask_app/routes.py").length);
    await page.selectOption("#f-file", "");
    await page.fill("#f-text", "subprocess");
    const matching = report.findings.filter((f) => `${f.path} ${f.ruleId} ${f.message}`.toLowerCase().includes("subprocess")).length;
    expect(matching).toBeGreaterThan(0);
    expect(matching).toBeLessThan(report.findings.length);
    expect(await visible()).toBe(matching);
    await page.close();
    expect(requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it("renders attacker-written code and file names as text: nothing runs, nothing loads", async () => {
    const evilName = "evil_<img src=x onerror=window.__pwned=2>.py";
    const root = makeTree({ "app.py": HOSTILE, [evilName]: HOSTILE });
    const html = join(root, "out", "report.html");
    const r = await runPysast(["scan", ".", "--exclude", "out", "-o", `html:${html}`], root);
    expect(r.code).toBe(1);
    const page = await open(html);
    expect(await page.locator("article.finding").count()).toBe(2);
    expect(await page.evaluate("window.__pwned")).toBeUndefined();
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("main script").count()).toBe(0);
    const text = (await page.textContent("main")) ?? "";
    expect(text).toContain(HOSTILE_LINE.trim());
    expect(text).toContain(evilName);
    expect(await page.title()).toBe("pysast report");
    await page.close();
    expect(requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
