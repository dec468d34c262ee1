import { describe, expect, it } from "vitest";
import { moduleNameOf } from "../../src/model/file-model.js";
import { callNames, modelOf } from "./helpers.js";

describe("import table and qualified names", () => {
  it("resolves every import form to qualified names", async () => {
    const m = await modelOf(`import hashlib as h, os.path
import xml.etree.ElementTree
from flask_cors import CORS as X
from cryptography.hazmat.primitives import hashes
from ..util import helpers
from . import sibling
from .db import query as q

h.md5(b"x")
os.path.join("a", "b")
xml.etree.ElementTree.fromstring("<a/>")
X(app)
hashes.SHA1()
helpers.go()
sibling.run()
q("select 1")
open("f")
`, "shop/api/views.py");
    expect(callNames(m)).toEqual([
      'h.md5 → hashlib.md5',
      'os.path.join → os.path.join',
      'xml.etree.ElementTree.fromstring → xml.etree.ElementTree.fromstring',
      'X → flask_cors.CORS',
      'hashes.SHA1 → cryptography.hazmat.primitives.hashes.SHA1',
      'helpers.go → shop.util.helpers.go',
      'sibling.run → shop.api.sibling.run',
      'q → shop.api.db.query',
      'open → builtins.open',
    ]);
    expect(m.imports.map((i) => `${i.local}=${i.qualified}`)).toEqual([
      "h=hashlib",
      "os=os",
      "xml=xml",
      "X=flask_cors.CORS",
      "hashes=cryptography.hazmat.primitives.hashes",
      "helpers=shop.util.helpers",
      "sibling=shop.api.sibling",
      "q=shop.api.db.query",
    ]);
  });

  it("resolves relative imports in a package __init__ against the package itself", async () => {
    const m = await modelOf("from .models import User\nUser()\n", "shop/__init__.py");
    expect(callNames(m)).toEqual(["User → shop.models.User"]);
  });

  it("scopes imports inside functions to that function, and lets locals shadow imports and builtins", async () => {
    const m = await modelOf(`import pickle


def load(blob):
    import yaml as y
    return y.load(blob)


def other(blob):
    return y.load(blob)


def shadowed(pickle, open):
    pickle.loads(b"")
    open("x")


digest = pickle.loads
digest(b"")
`);
    expect(callNames(m)).toEqual(["y.load → yaml.load", "y.load → ?", "pickle.loads → ?", "open → ?", "digest → pickle.loads"]);
  });

  it("class bodies do not leak names into methods; module functions get their module's qualified name", async () => {
    const m = await modelOf(`import hashlib


class Hasher:
    hashlib = None

    def run(self):
        return hashlib.sha1(b"")


def helper():
    pass


helper()
`, "shop/crypto.py");
    expect(callNames(m)).toEqual(["hashlib.sha1 → hashlib.sha1", "helper → shop.crypto.helper"]);
  });

  it("knows every binding an alternative import may give a name", async () => {
    const m = await modelOf(`try:
    import cPickle as pickle
except ImportError:
    import pickle

pickle.loads(data)
`);
    const call = m.root.children.at(-1)!.children[0]!;
    expect(m.qualifiedNames(call)).toEqual(["cPickle.loads", "pickle.loads"]);
  });

  it("names a class and a def by the scope around them, not by their own bodies", async () => {
    const m = await modelOf(`from tg import expose
from .base import BaseController, proxy


class ThreadController(BaseController):
    ThreadController = proxy("_discussion", "ThreadController")
    BaseController = None

    def flag(self):
        flag = self.thread.flagged
        return flag
`, "forum/controllers/threads.py");
    const cls = m.root.children.find((n) => n.type === "class_definition")!;
    expect(m.qualifiedName(cls.get("name"))).toBe("forum.controllers.threads.ThreadController");
    // the bases are read where the class statement runs: the imported class, not the attribute set inside
    expect(m.qualifiedName(cls.get("superclasses")!.namedChildren[0]!)).toBe("forum.controllers.base.BaseController");
    const fn = cls.get("body")!.namedChildren.find((n) => n.type === "function_definition")!;
    expect(m.qualifiedName(fn.get("name"))).toBe("forum.controllers.threads.ThreadController.flag");
  });

  it("derives module names from paths", () => {
    expect(moduleNameOf("shop/api/views.py")).toBe("shop.api.views");
    expect(moduleNameOf("shop/__init__.py")).toBe("shop");
    expect(moduleNameOf("setup.py")).toBe("setup");
  });
});
