import { describe, expect, it } from "vitest";
import { annotated } from "./harness.js";

async function check(code: string): Promise<void> {
  const { expected, actual } = await annotated({ "app.py": code });
  expect(actual).toEqual(expected);
}

describe("last path component sanitises only for path", () => {
  it("pathlib name, stem and suffix versus the path, its parent and its parts", async () => {
    await check(`
      import os
      from pathlib import Path, PurePosixPath
      from flask import Flask, request
      app = Flask(__name__)

      @app.route("/p")
      def p():
          raw = request.args["f"]
          user = Path(raw)
          # ok: path
          Path("/srv", user.name).read_text()
          # ok: path
          open(os.path.join("/srv", PurePosixPath(raw).stem + user.suffix))
          # ruleid: path
          (Path("/srv") / user.parent / "a.txt").read_text()
          # ruleid: path
          Path("/srv", *user.parts).read_text()
          # ruleid: path
          user.read_text()
          # ruleid: command
          os.system("file " + user.name)
          return "ok"
    `);
  });

  it("os.path.split: element 1 and the unpacked tail are clean for path, element 0 and the head are not", async () => {
    await check(`
      import ntpath
      import os
      from flask import Flask, request
      app = Flask(__name__)

      @app.route("/s")
      def s():
          raw = request.args["f"]
          parts = os.path.split(raw)
          # ok: path
          open(os.path.join("/srv", parts[1]))
          # ruleid: path
          open(os.path.join("/srv", parts[0]))
          head, tail = ntpath.split(p=raw)
          # ok: path
          os.remove(os.path.join("/srv", tail))
          # ruleid: path
          os.remove(os.path.join("/srv", head))
          # ruleid: command
          os.system("rm " + tail)
          return "ok"
    `);
  });
});
