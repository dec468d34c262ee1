import { describe, expect, it } from "vitest";
import { runTaint, expectAnnotated } from "./harness.js";

const check = expectAnnotated;

describe("functions run by executors, threads and task queues", () => {
  it("run_in_executor, to_thread, Thread and submit call the function with the passed arguments", async () => {
    await check({
      "app.py": `
        import asyncio
        import os
        import threading
        from concurrent.futures import ThreadPoolExecutor
        from fastapi import FastAPI

        app = FastAPI()
        pool = ThreadPoolExecutor(4)

        def archive(folder, level=6):
            # ruleid: command
            os.system("tar czf /backups/out.tgz " + folder)

        @app.post("/run")
        async def run(cmd: str, folder: str, expr: str):
            loop = asyncio.get_running_loop()
            # ruleid: command
            await loop.run_in_executor(None, os.system, cmd)
            # ok: command
            await loop.run_in_executor(None, os.system, "uptime")
            # ruleid: code
            await asyncio.to_thread(eval, expr)
            threading.Thread(target=archive, args=(folder,)).start()
            pool.submit(archive, "/srv/static", level=9)
            return {"ok": True}
      `,
    });
  });

  it("a task called with constants only reports nothing; the trace names the call site", async () => {
    const files = {
      "tasks.py": `
        import os
        from celery import shared_task

        @shared_task
        def resize(name):
            os.system("convert " + name + " small.png")
      `,
      "views.py": `
        from flask import Flask, request
        from tasks import resize

        app = Flask(__name__)

        @app.route("/resize")
        def resize_view():
            name = request.args["name"]
            resize.delay(name)
            return "queued"

        def warm():
            resize.delay("logo.png")
      `,
    };
    const run = await runTaint(files);
    expect(run.hits).toEqual(["tasks.py:6:command"]);
    const steps = run.findings.get("tasks.py")![0]!.flow!.map((s) => `${s.path}:${s.region.startLine} ${s.kind}`);
    expect(steps).toEqual(["views.py:8 source", "views.py:8 step", "views.py:9 call", "tasks.py:6 sink"]);
  });
});
