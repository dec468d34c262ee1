#!/usr/bin/env node
/**
 * Writes a synthetic Flask code base for scale measurements (scripts/bench-scale.sh): `count` handler
 * modules in packages of 100, each package with a helpers module the handlers import. Every handler
 * module has four views: a parameterised query, a query built from a helper's result (string-built in one
 * module out of seven, so real findings appear at a steady rate), a command run with an allow-listed host,
 * and a template render. Deterministic: the same count always gives the same tree.
 *
 * Usage: node scripts/gen-flask-tree.mjs <folder> <count>
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [dir, countArg] = process.argv.slice(2);
const count = Number(countArg);
if (!dir || !Number.isInteger(count) || count < 1) {
  console.error("usage: node scripts/gen-flask-tree.mjs <folder> <count>");
  process.exit(2);
}

const HELPERS = `"""Shared helpers of the package's handlers."""
import re

SLUG = re.compile(r"[a-z0-9-]+")
ALLOWED_HOSTS = {"db.internal", "cache.internal", "localhost"}


def clean_name(raw):
    return raw.strip().lower()


def numeric_id(raw):
    return int(raw)


def load_settings(path="settings.json"):
    with open(path) as fh:
        return fh.read()
`;

function handler(pkg, i) {
  const name = `section${i}`;
  const lookup =
    i % 7 === 0
      ? `    return jsonify(db.execute("SELECT * FROM items WHERE slug = '%s'" % item).fetchall())`
      : `    return jsonify(db.execute("SELECT * FROM items WHERE slug = ?", (item,)).fetchall())`;
  return `"""Handlers for the ${name} pages of ${pkg}."""
import sqlite3
import subprocess

from flask import Blueprint, abort, jsonify, render_template, request

from ${pkg}.helpers import ALLOWED_HOSTS, clean_name, numeric_id

bp = Blueprint("${pkg}_${name}", __name__)


@bp.route("/${name}/search")
def search_${i}():
    term = request.args.get("q", "")
    db = sqlite3.connect("data.db")
    rows = db.execute("SELECT id, title FROM items WHERE title LIKE ?", ("%" + term + "%",)).fetchall()
    return jsonify(rows)


@bp.route("/${name}/lookup")
def lookup_${i}():
    item = clean_name(request.args.get("item", ""))
    db = sqlite3.connect("data.db")
${lookup}


@bp.route("/${name}/ping", methods=["POST"])
def ping_${i}():
    host = request.form.get("host", "localhost")
    if host not in ALLOWED_HOSTS:
        abort(400)
    out = subprocess.run(["ping", "-c", "1", host], capture_output=True, text=True, check=False)
    return out.stdout


@bp.route("/${name}/item/<item_id>")
def show_${i}(item_id):
    db = sqlite3.connect("data.db")
    row = db.execute("SELECT title, body FROM items WHERE id = ?", (numeric_id(item_id),)).fetchone()
    if row is None:
        abort(404)
    return render_template("item.html", title=row[0], body=row[1])
`;
}

for (let i = 0; i < count; i++) {
  const pkg = `app${Math.floor(i / 100)}`;
  const pkgDir = join(dir, pkg);
  if (i % 100 === 0) {
    mkdirSync(pkgDir, { recursive: true });
    writeFileSync(join(pkgDir, "__init__.py"), "");
    writeFileSync(join(pkgDir, "helpers.py"), HELPERS);
  }
  writeFileSync(join(pkgDir, `views_${i % 100}.py`), handler(pkg, i));
}
