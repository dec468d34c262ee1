import { describe, expect, it } from "vitest";
import { annotated } from "./harness.js";

/** Runs one Flask module and compares its annotations with the findings. */
async function check(code: string): Promise<void> {
  const head = "import os\nimport sqlite3\nimport subprocess\nfrom flask import Flask, request\napp = Flask(__name__)\ncur = sqlite3.connect('app.db').cursor()\n";
  const { expected, actual } = await annotated({ "app.py": head + dedentBody(code) });
  expect(actual).toEqual(expected);
}

function dedentBody(code: string): string {
  const lines = code.replace(/^\n/, "").split("\n");
  const n = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(n)).join("\n");
}

describe("flow sensitivity", () => {
  it("reassignment kills taint and branches merge", async () => {
    await check(`
      @app.route("/a")
      def a():
          q = request.args["q"]
          q = "safe"
          # ok: sql
          cur.execute(q)
          r = request.args["r"]
          if request.args.get("flag"):
              r = "constant"
          # ruleid: sql
          cur.execute(r)
          s = request.args["s"]
          if len(s) > 3:
              s = "x"
          else:
              s = "y"
          # ok: sql
          cur.execute(s)
    `);
  });

  it("loops reach a fixpoint, including taint introduced in a later iteration", async () => {
    await check(`
      @app.route("/b")
      def b():
          prev = "start"
          cmd = "ls"
          for item in ["a", "b", "c"]:
              cmd = prev
              prev = request.args.get(item)
          # ruleid: command
          os.system(cmd)
          a = b = c = d = e = g = h = i = "x"
          for item in request.args.getlist("k"):
              a = b
              b = c
              c = d
              d = e
              e = g
              g = h
              h = i
              i = item
          # ruleid: command
          os.system(a)
          n = 0
          text = "x"
          while n < 10:
              n += 1
          # ok: command
          os.system(text)
    `);
  });

  it("a nested loop starts again from where it converged, joined with what the outer loop brings", async () => {
    await check(`
      @app.route("/nested")
      def nested():
          prev = "start"
          same = "start"
          for row in request.args.getlist("rows"):
              for part in ["a", "b"]:
                  # ruleid: command
                  os.system("echo " + prev)
                  # ok: command
                  os.system("echo " + same)
              prev = row
              same = "next"
          a = b = c = "x"
          for i in request.args.getlist("i"):
              for j in ["p", "q"]:
                  for k in ["r", "s"]:
                      # ruleid: command
                      os.system(a)
                      a = b
                  b = c
              c = i
          total = 0
          for i in request.args.getlist("i"):
              step = "1"
              for j in ["p", "q"]:
                  # ok: command
                  os.system("echo " + step)
                  step = "2"
              step = i
    `);
  });

  it("try/except/finally and with blocks", async () => {
    await check(`
      @app.route("/c")
      def c():
          value = "default"
          try:
              value = request.args["v"]
              value = int(value)
          except ValueError:
              pass
          # ruleid: sql
          cur.execute("SELECT %s" % value)
          try:
              other = int(request.args["o"])
          except ValueError:
              other = 0
          finally:
              log = "done"
          # ok: sql
          cur.execute("SELECT %s" % other)
          with open("/tmp/x") as fh:
              data = request.form["d"]
          # ruleid: command
          os.system(data)
    `);
  });

  it("comprehensions, lambdas and augmented assignment", async () => {
    await check(`
      @app.route("/d")
      def d():
          names = [n.strip() for n in request.args.getlist("n")]
          # ruleid: sql
          cur.execute("SELECT " + ",".join(names))
          fmt = lambda v: "'" + v + "'"
          # ruleid: sql
          cur.execute("SELECT " + fmt(request.args["x"]))
          # ok: sql
          cur.execute("SELECT " + fmt("literal"))
          q = "SELECT * FROM t WHERE a = "
          q += request.args["a"]
          # ruleid: sql
          cur.execute(q)
          ids = [int(i) for i in request.args.getlist("id")]
          # ok: sql
          cur.execute("SELECT %s" % ids)
    `);
  });

  it("a closure sees the variables of its enclosing function at the call", async () => {
    await check(`
      @app.route("/e")
      def e():
          def run():
              # ruleid: command
              os.system(target)
          target = request.args["t"]
          run()
    `);
  });
});

describe("constant folding prunes dead code", () => {
  it("conditional expressions", async () => {
    await check(`
      @app.route("/f")
      def f():
          param = request.args["p"]
          num = 106
          bar = "ok" if (7 * 42) - num > 200 else param
          # ruleid: sql
          cur.execute(bar)
          baz = "ok" if (7 * 42) - num < 200 else param
          # ok: sql
          cur.execute(baz)
    `);
  });

  it("if/elif/else, while and match on constants", async () => {
    await check(`
      @app.route("/g")
      def g():
          param = request.args["p"]
          switch = "B"
          if switch == "A":
              v = param
          elif switch == "B":
              v = "safe"
          else:
              v = param
          # ok: sql
          cur.execute(v)
          w = "safe"
          while False:
              w = param
          # ok: sql
          cur.execute(w)
          guess = "ABC"
          match guess[1]:
              case "A":
                  m = param
              case "B":
                  m = "fixed"
              case _:
                  m = param
          # ok: sql
          cur.execute(m)
          match guess[0]:
              case "A":
                  n = param
              case _:
                  n = "fixed"
          # ruleid: sql
          cur.execute(n)
    `);
  });
});

describe("containers", () => {
  it("lists at constant indices, append, insert and pop", async () => {
    await check(`
      @app.route("/h")
      def h():
          param = request.args["p"]
          lst = ["safe", param]
          # ok: sql
          cur.execute(lst[0])
          # ruleid: sql
          cur.execute(lst[1])
          other = ["a", "b"]
          other.append(param)
          # ok: sql
          cur.execute(other[1])
          # ruleid: sql
          cur.execute(other[2])
          shifting = ["safe", param, "moresafe"]
          shifting.pop(0)
          # ruleid: sql
          cur.execute(shifting[0])
          # ok: sql
          cur.execute(shifting[1])
          ins = ["x"]
          ins.insert(0, param)
          # ok: sql
          cur.execute(ins[1])
          rem = ["safe", param]
          rem.remove("safe")
          # ruleid: sql
          cur.execute(rem[0])
    `);
  });

  it("dicts: constant keys, get, setdefault, update, tainted keys into constant values", async () => {
    await check(`
      @app.route("/i")
      def i():
          param = request.args["p"]
          m = {"keyA": "a_value", "keyB": param}
          # ok: sql
          cur.execute(m["keyA"])
          # ruleid: sql
          cur.execute(m.get("keyB"))
          m["keyA"] = param
          # ruleid: sql
          cur.execute(m["keyA"])
          d = {}
          d.setdefault("x", "fixed")
          d.update({"y": param})
          # ok: sql
          cur.execute(d["x"])
          # ruleid: sql
          cur.execute(d["y"])
          choices = {"asc": "ASC", "desc": "DESC"}
          order = choices.get(param, "ASC")
          # ok: sql
          cur.execute("SELECT * FROM t ORDER BY a " + order)
          direct = choices[param]
          # ok: sql
          cur.execute("SELECT * FROM t ORDER BY a " + direct)
    `);
  });

  it("a list with an unknown middle keeps an exact prefix and an exact tail", async () => {
    await check(`
      @app.route("/h2")
      def h2():
          tags = ["fixed"]
          tags.extend(request.args.getlist("tag"))
          tags.append("last")
          # ok: sql
          cur.execute(tags[0])
          # ok: sql
          cur.execute(tags[-1])
          # ruleid: sql
          cur.execute(tags[1])
          tags.append(request.args["extra"])
          # ruleid: sql
          cur.execute(tags[-1])
          # ok: sql
          cur.execute(tags[-2])
          slots = ["a", "b"]
          slots[int(request.args["i"])] = request.args["v"]
          # ruleid: sql
          cur.execute(slots[0])
    `);
  });

  it("entries written after unknown ones are exact; unknown ones written later may replace them", async () => {
    await check(`
      @app.route("/h3")
      def h3():
          merged = {**request.args, "table": "users"}
          # ok: sql
          cur.execute("SELECT * FROM " + merged["table"])
          overridden = {"table": "users", **request.args}
          # ruleid: sql
          cur.execute("SELECT * FROM " + overridden["table"])
          conf = {"table": "users"}
          conf.update(request.form)
          # ruleid: sql
          cur.execute("SELECT * FROM " + conf["table"])
          cols = [*request.args.getlist("c"), "id"]
          # ok: sql
          cur.execute("SELECT " + cols[-1])
          # ruleid: sql
          cur.execute("SELECT " + cols[0])
    `);
  });

  it("match statements bind captures from mapping, sequence, class, alternative and as patterns", async () => {
    await check(`
      @app.route("/h4")
      def h4():
          match request.get_json():
              case {"cmd": [first, *others]}:
                  # ruleid: command
                  os.system(first)
              case Point(x=0, y=yy) | Point(x=yy):
                  # ruleid: command
                  os.system(yy)
              case str() as text:
                  # ruleid: command
                  os.system(text)
              case {"literal": "ls"}:
                  # ok: command
                  os.system("ls")
    `);
  });

  it("mutations through an alias reach every name holding the same object", async () => {
    await check(`
      class Bag:
          def __init__(self):
              self.items = []

      @app.route("/h5")
      def h5():
          a = ["ls"]
          b = a
          b.append(request.args["x"])
          # ruleid: command
          os.system(" ".join(a))
          c = {"cmd": "ls"}
          d = c
          d["cmd"] = request.args["y"]
          # ruleid: command
          os.system(c["cmd"])
          bag = Bag()
          items = bag.items
          items.append(request.args["z"])
          # ruleid: command
          os.system(bag.items[0])
          e = ["ls"]
          g = e
          g = []
          g.append(request.args["w"])
          # ok: command
          os.system(" ".join(e))
    `);
  });

  it("unpacking, slicing, tuples and sets", async () => {
    await check(`
      @app.route("/j")
      def j():
          param = request.args["p"]
          a, b = "safe", param
          # ok: sql
          cur.execute(a)
          # ruleid: sql
          cur.execute(b)
          first, *rest = [param, "x", "y"]
          # ruleid: sql
          cur.execute(first)
          parts = ["a", "b", param]
          head = parts[:2]
          # ok: sql
          cur.execute(head[1])
          s = {param}
          # ruleid: sql
          cur.execute(" ".join(s))
    `);
  });
});

describe("strings and bytes", () => {
  it("propagate through formatting, methods and codecs", async () => {
    await check(`
      import base64
      import html
      import urllib.parse

      @app.route("/k")
      def k():
          p = request.args["p"]
          # ruleid: sql
          cur.execute(f"SELECT {p}")
          # ruleid: sql
          cur.execute("SELECT {}".format(p))
          # ruleid: sql
          cur.execute("SELECT %s" % (p,))
          # ruleid: sql
          cur.execute(p.upper().strip().replace("a", "b")[1:])
          # ruleid: sql
          cur.execute(base64.b64decode(base64.b64encode(p.encode())).decode())
          # ruleid: sql
          cur.execute(urllib.parse.unquote_plus(urllib.parse.quote(p)))
          # ruleid: sql
          cur.execute(str(p.split(",")[0]))
          # ruleid: sql
          cur.execute(html.escape(p))
          # ok: sql
          cur.execute("SELECT %d" % int(p))
          # ok: sql
          cur.execute(f"SELECT {float(p)}")
    `);
  });
});

describe("sanitizers and guards", () => {
  it("sanitizers neutralise only their own kinds", async () => {
    await check(`
      import shlex

      @app.route("/l")
      def l():
          p = request.args["p"]
          # ok: command
          os.system("ls " + shlex.quote(p))
          # ruleid: sql
          cur.execute("SELECT '%s'" % shlex.quote(p))
    `);
  });

  it("allow-lists, equality and regex full-match guards", async () => {
    await check(`
      import re
      ALLOWED = {"name", "email"}
      SAFE = re.compile(r"^[A-Za-z0-9_]+$")

      @app.route("/m")
      def m():
          col = request.args["col"]
          if col in ALLOWED:
              # ok: sql
              cur.execute("SELECT " + col)
          if col not in ALLOWED:
              return "bad", 400
          # ok: sql
          cur.execute("SELECT " + col)

      @app.route("/n")
      def n():
          user = request.args["u"]
          if not re.fullmatch(r"[a-z0-9]+", user):
              return "bad"
          # ok: command
          os.system("id " + user)
          other = request.args["o"]
          if re.match(r"[a-z0-9]+", other):
              # ruleid: command
              os.system("id " + other)
          third = request.args["t"]
          if SAFE.match(third):
              # ok: command
              os.system("id " + third)
          fourth = request.args["f"]
          if fourth.isdigit():
              # ok: command
              os.system("kill " + fourth)
          fifth = request.args["x"]
          if fifth == "start":
              # ok: command
              os.system("service " + fifth)
          sixth = request.args["s"]
          found = SAFE.fullmatch(sixth)
          if found is None:
              return "bad"
          # ok: command
          os.system("id " + sixth)
          seventh = request.args["v"]
          if re.fullmatch(r"[0-9]+", seventh) is not None:
              # ok: command
              os.system("kill " + seventh)
          # ruleid: command
          os.system("kill " + seventh)
    `);
  });

  it("substitutions that keep only a safe alphabet, filters and comprehension guards", async () => {
    await check(`
      import copy
      import re

      @app.route("/s")
      def s():
          p = request.args["p"]
          # ok: command
          os.system("id " + re.sub(r"[^a-zA-Z0-9_]", "", p))
          # ruleid: command
          os.system("id " + re.sub(r"[;&|]", "", p))
          # ruleid: path
          open("/srv/" + re.sub(r"[^a-z.]+", "", p))
          # ok: command
          os.system("id " + re.sub(r"[^a-z.]+", "", p))
          # ok: command
          os.system("echo " + "".join(filter(str.isalnum, p)))
          # ok: command
          os.system("echo " + "".join(c for c in p if c.isdigit()))
          # ok: command
          os.system("echo " + " ".join(filter(lambda w: w in ("a", "b"), p.split())))
          # ruleid: command
          os.system("echo " + " ".join(filter(lambda w: len(w) < 9, p.split())))
          pair = copy.deepcopy(["ls", p])
          # ok: command
          os.system(pair[0])
    `);
  });

  it("parameterised queries are not injection", async () => {
    await check(`
      @app.route("/o")
      def o():
          name = request.args["name"]
          # ok: sql
          cur.execute("SELECT * FROM users WHERE name = ?", (name,))
          # ok: sql
          cur.execute("SELECT * FROM users WHERE name = %(n)s", {"n": name})
    `);
  });
});
