/**
 * A settings finding quotes the value as the project wrote it: `REMEMBER_COOKIE_SECURE = None` is
 * insecure as `False` is, and a message saying "= False" would send the reader looking for a line
 * that is not there.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanOutput } from "../../src/scan.js";
import { scanFolder } from "../helpers/annotations.js";

const CONFIG = `import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")


class ProductionConfig(Config):
    REMEMBER_COOKIE_SECURE = None
    REMEMBER_COOKIE_HTTPONLY = False
    SESSION_COOKIE_SECURE = 0
`;

describe("insecure-cookie settings messages", () => {
  let tmp: string;
  let output: ScanOutput;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "pysast-cookie-msg-"));
    await writeFile(path.join(tmp, "config.py"), CONFIG);
    output = await scanFolder(tmp);
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it("names the value written on the line", () => {
    const got = output.findings.filter((f) => f.ruleId === "insecure-cookie").map((f) => `${f.region.startLine}: ${f.message.split(":")[0]}`);
    expect(got).toEqual(["9: REMEMBER_COOKIE_SECURE = None", "10: REMEMBER_COOKIE_HTTPONLY = False", "11: SESSION_COOKIE_SECURE = 0"]);
  });
});

const VIEW = `import secrets

from flask import Flask, make_response

app = Flask(__name__)
app.config["AUTH_COOKIE"] = "auth"


@app.post("/login")
def login():
    response = make_response("welcome")
    response.set_cookie(app.config["AUTH_COOKIE"], secrets.token_urlsafe(32), httponly=True, samesite="Lax")
    return response
`;

describe("insecure-cookie messages for a cookie named at run time", () => {
  let tmp: string;
  let output: ScanOutput;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "pysast-cookie-msg-"));
    await writeFile(path.join(tmp, "views.py"), VIEW);
    output = await scanFolder(tmp);
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it("calls it the cookie", () => {
    const got = output.findings.filter((f) => f.ruleId === "insecure-cookie").map((f) => `${f.region.startLine}: ${f.message.split(" is set")[0]}`);
    expect(got).toEqual(["12: The cookie, which carries a session or credential value,"]);
  });
});
