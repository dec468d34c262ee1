/**
 * URLs: a constant beginning that fixes the scheme and host, checks of parsed components
 * (`urlparse(u).netloc`, `ip_address(h).is_private`) validating what they were parsed from, and
 * stores into typed objects (`response.headers["Location"] = …`) as sinks.
 */
import { describe, expect, it } from "vitest";
import { annotated } from "./harness.js";

async function check(code: string): Promise<void> {
  const { expected, actual } = await annotated({ "app.py": code });
  expect(actual).toEqual(expected);
}

describe("fixed URL beginnings", () => {
  it("clear only the kinds they fix, in every way a string is built", async () => {
    await check(`
      import sqlite3
      import requests
      from flask import Flask, current_app, redirect, request
      app = Flask(__name__)
      API = "https://api.example.com"

      @app.route("/a")
      def a():
          part = request.args["p"]
          # ok: ssrf
          requests.get(API + "/v1/" + part)
          # ok: ssrf
          requests.get("https://api.example.com/%s/x" % part)
          # ok: ssrf
          requests.get("https://api.example.com/{}/x".format(part))
          # ok: ssrf
          requests.get(current_app.config["BASE"] + "/items/" + part)
          # ruleid: ssrf
          requests.get(API + part)
          # ruleid: ssrf
          requests.get("https://%s/x" % part)
          # ruleid: ssrf
          requests.get("{}/x".format(part))
          # ruleid: ssrf
          requests.get(f"https://{part}/{part}")
          # the beginning fixes the host, not the text of a query
          # ruleid: sql
          sqlite3.connect("x.db").execute("/v1/" + part)
          return "ok"

      @app.route("/b")
      def b():
          part = request.args["p"]
          prefix = "https://x.example.com/" if part else "/"
          # a beginning known on one branch only is no beginning
          # ruleid: redirect
          return redirect(prefix + part)
    `);
  });
});

describe("parsed components", () => {
  it("validate the URL they were parsed from, through names and helpers", async () => {
    await check(`
      import ipaddress
      import socket
      from urllib.parse import urlparse
      import requests
      from flask import Flask, abort, redirect, request
      app = Flask(__name__)
      HOSTS = {"a.example.com"}

      def same_site(target):
          return urlparse(target).netloc == urlparse(request.host_url).netloc

      @app.route("/c")
      def c():
          u = request.args["u"]
          host = urlparse(u).hostname
          if host not in HOSTS:
              abort(400)
          # ok: ssrf
          requests.get(u)
          return "ok"

      @app.route("/d")
      def d():
          u = request.args["u"]
          if urlparse(u).netloc in "a.example.com":
              abort(400)
          # a substring test is not an allow-list
          # ruleid: ssrf
          requests.get(u)
          return "ok"

      @app.route("/e")
      def e():
          u = request.args["u"]
          if not same_site(u):
              abort(400)
          # ok: redirect
          return redirect(u)

      @app.route("/f")
      def f():
          u = request.args["u"]
          ip = ipaddress.ip_address(socket.gethostbyname(urlparse(u).hostname))
          if not ip.is_global:
              abort(400)
          # ok: ssrf
          requests.get(u)
          # the check says nothing about redirects
          # ruleid: redirect
          return redirect(u)
    `);
  });
});

describe("stores into typed objects", () => {
  it("a Location header and session entries are sinks; other headers and dicts are not", async () => {
    await check(`
      from flask import Flask, make_response, request, session
      app = Flask(__name__)

      @app.route("/g")
      def g():
          resp = make_response("")
          # ruleid: redirect
          resp.headers["Location"] = request.args["to"]
          # ok: redirect
          resp.headers["X-Request-Id"] = request.args["to"]
          # ruleid: session
          session["theme"] = request.args["theme"]
          prefs = {}
          # ok: session
          prefs["theme"] = request.args["theme"]
          return resp
    `);
  });
});
