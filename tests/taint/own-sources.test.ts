/**
 * Sources with kinds of their own (caught exceptions are dangerous only in responses), code that
 * runs only in development, parsers whose type a method call changes, and log formatting.
 */
import { describe, expect, it } from "vitest";
import { annotated } from "./harness.js";

async function check(code: string): Promise<void> {
  const { expected, actual } = await annotated({ "app.py": code });
  expect(actual).toEqual(expected);
}

describe("reserved source kinds", () => {
  it("an exception reaches responses, not queries; request data reaches queries, not error-disclosure", async () => {
    await check(`
      import sqlite3
      from flask import Flask, jsonify, request
      app = Flask(__name__)

      @app.route("/a")
      def a():
          term = request.args["q"]
          try:
              rows = sqlite3.connect("x.db").execute("SELECT 1").fetchall()
          except Exception as exc:
              # ok: sql
              sqlite3.connect("x.db").execute("INSERT INTO errors VALUES ('%s')" % exc)
              # ruleid: error-disclosure
              return jsonify(error=str(exc), term=term)
          # ruleid: sql
          sqlite3.connect("x.db").execute("SELECT * FROM t WHERE n = '%s'" % term)
          # ok: error-disclosure
          return jsonify(rows=rows, term=term)

      @app.route("/b")
      def b():
          try:
              return jsonify(rows=[])
          except ValueError as exc:
              # a ValueError's message is meant for the client
              # ok: error-disclosure
              return jsonify(error=str(exc)), 400
    `);
  });

  it("development-only functions and branches do not report error disclosure", async () => {
    await check(`
      import os
      import traceback
      from flask import Flask
      app = Flask(__name__)
      DEBUG = os.environ.get("SHOP_DEBUG") == "1"

      def debug_page():
          # ok: error-disclosure
          return app.make_response(traceback.format_exc())

      @app.route("/c")
      def c():
          try:
              return "ok"
          except OSError:
              if DEBUG and app.testing is False:
                  # ok: error-disclosure
                  return traceback.format_exc()
              if not DEBUG:
                  # ruleid: error-disclosure
                  return traceback.format_exc()
              return "failed"
    `);
  });
});

describe("receivers that change type", () => {
  it("a SAX reader with external entities switched on, and off again", async () => {
    await check(`
      import xml.dom.minidom
      import xml.sax
      from xml.sax.handler import feature_external_ges
      from flask import Flask, request
      app = Flask(__name__)

      @app.route("/d", methods=["POST"])
      def d():
          reader = xml.sax.make_parser()
          # ok: xxe
          xml.dom.minidom.parseString(request.get_data(), reader)
          reader.setFeature(feature_external_ges, True)
          # ruleid: xxe
          xml.dom.minidom.parseString(request.get_data(), reader)
          reader.setFeature(feature_external_ges, request.args.get("flag") == "1")
          # an unknown flag changes nothing: the reader still resolves
          # ruleid: xxe
          xml.dom.minidom.parseString(request.get_data(), reader)
          reader.setFeature(feature_external_ges, False)
          # ok: xxe
          xml.dom.minidom.parseString(request.get_data(), reader)
          return "ok"
    `);
  });
});

describe("log formatting", () => {
  it("printf arguments the message interpolates, repr conversions and the message itself", async () => {
    await check(`
      import logging
      from flask import Flask, request
      app = Flask(__name__)
      log = logging.getLogger(__name__)

      @app.route("/e")
      def e():
          name = request.args["name"]
          # ruleid: log
          log.info("hello %s and %r", name, "x")
          # ok: log
          log.info("hello %r and %s", name, "x")
          # ok: log
          log.info("hello %(who)r", {"who": name})
          # ruleid: log
          log.info("hello %(who)s", {"who": name})
          # ok: log
          log.info("hello " + repr(name))
          # ruleid: log
          log.info("hello " + str(name))
          return "ok"
    `);
  });
});
