import { describe, expect, it } from "vitest";
import { runTaint, expectAnnotated } from "./harness.js";

const check = expectAnnotated;

describe("Flask sources", () => {
  it("request attributes, methods, route parameters and converters", async () => {
    await check({
      "app.py": `
        import os
        from flask import Flask, request
        from flask.views import MethodView
        app = Flask(__name__)

        @app.route("/files/<name>/<int:size>")
        def files(name, size):
            # ruleid: command
            os.system("ls " + name)
            # ok: command
            os.system("head -c %d x" % size)
            # ruleid: command
            os.system(request.cookies.get("c"))
            # ruleid: command
            os.system(request.headers["X-Cmd"])
            # ruleid: command
            os.system(request.get_json()["cmd"])
            # ruleid: command
            os.system(request.get_data().decode())
            # ruleid: command
            os.system(request.values.get("v"))
            # ruleid: command
            os.system(request.files["f"].filename)
            # ok: command
            os.system(request.method)
            # ruleid: command
            os.system(request.query_string.decode())
            # ok: command
            os.system("head -n %d log" % request.args.get("n", 10, type=int))
            # ruleid: command
            os.system("head -n %s log" % request.args.get("n", "10"))

        class ItemView(MethodView):
            def get(self, item):
                # ruleid: command
                os.system("cat " + item)

        def restful():
            from flask_restful import reqparse
            parser = reqparse.RequestParser()
            parser.add_argument("cmd")
            args = parser.parse_args()
            # ruleid: command
            os.system(args["cmd"])

        def not_a_view(name):
            # ok: command
            os.system("ls")
      `,
    });
  });

  it("views registered with add_url_rule in another file", async () => {
    await check({
      "views.py": `
        import os

        def show(slug):
            # ruleid: command
            os.system("cat " + slug)
      `,
      "app.py": `
        from flask import Flask
        from views import show
        app = Flask(__name__)
        app.add_url_rule("/show/<slug>", view_func=show)
      `,
    });
  });
});

describe("Django", () => {
  it("request data, URL kwargs with converters from urls.py, class-based views", async () => {
    await check({
      "shop/views.py": `
        from django.db import connection
        from django.http import HttpResponse
        from django.views import View
        from .models import Product

        def search(request):
            term = request.GET.get("q", "")
            with connection.cursor() as cursor:
                # ruleid: sql
                cursor.execute("SELECT * FROM shop WHERE name LIKE '%" + term + "%'")
            # ruleid: sql
            rows = Product.objects.raw("SELECT * FROM shop WHERE name = '%s'" % term)
            # ok: sql
            safe = Product.objects.raw("SELECT * FROM shop WHERE name = %s", [term])
            # ruleid: xss
            return HttpResponse("<h1>Results for " + term + "</h1>")

        def detail(request, pk, slug):
            # ok: sql
            Product.objects.raw("SELECT * FROM shop WHERE id = %s" % pk)
            # ruleid: sql
            Product.objects.extra(where=["slug = '%s'" % slug])
            # ok: xss
            return HttpResponse("plain " + request.GET["x"], content_type="text/plain")

        class Report(View):
            def get(self, request, name):
                # ruleid: sql
                Product.objects.raw("SELECT * FROM r WHERE n = '" + name + "'")
                # ruleid: sql
                Product.objects.raw("SELECT * FROM r WHERE n = '" + self.request.POST["n"] + "'")
                # ruleid: sql
                Product.objects.raw("SELECT * FROM r WHERE n = '" + self.kwargs["name"] + "'")
                return HttpResponse("ok")
      `,
      "shop/urls.py": `
        from django.urls import path
        from . import views

        urlpatterns = [
            path("search/", views.search),
            path("p/<int:pk>/<str:slug>/", views.detail),
            path("r/<name>/", views.Report.as_view()),
        ]
      `,
      "shop/models.py": `
        from django.db import models

        class Product(models.Model):
            name = models.CharField(max_length=10)
      `,
    });
  });
});

describe("FastAPI", () => {
  it("path, query and body parameters are sources; dependencies, numbers and Request are not", async () => {
    await check({
      "api.py": `
        import os
        from typing import Annotated, Optional
        from fastapi import Depends, FastAPI, Query, Request
        from fastapi.responses import HTMLResponse
        from pydantic import BaseModel
        app = FastAPI()

        class Item(BaseModel):
            name: str
            count: int

        def current_user():
            return "admin"

        @app.get("/items/{item_id}")
        async def read_item(item_id: int, q: Optional[str] = None, user: str = Depends(current_user)):
            # ok: command
            os.system("echo %d" % item_id)
            # ruleid: command
            os.system("grep " + q)
            # ok: command
            os.system("echo " + user)

        @app.post("/items/")
        async def create(item: Item, tag: Annotated[str, Query()], request: Request):
            # ruleid: command
            os.system("touch " + item.name)
            # ok: command
            os.system("echo %d" % item.count)
            # ruleid: command
            os.system(tag)
            # ruleid: command
            os.system(request.query_params["x"])
            body = await request.json()
            # ruleid: command
            os.system(body["cmd"])

        @app.get("/search")
        def search(q: str = Query(pattern="^[a-z0-9]+$"), raw: str = Query(default="")):
            # ok: command
            os.system("grep " + q)
            # ruleid: command
            os.system("grep " + raw)

        @app.get("/hello", response_class=HTMLResponse)
        def hello(name: str):
            # ruleid: xss
            return "<p>Hello " + name + "</p>"

        @app.get("/json")
        def as_json(name: str):
            # ok: xss
            return {"greeting": "Hello " + name}
      `,
    });
  });
});

describe("local sources", () => {
  const code = {
    "cli.py": `
      import os
      import sys

      def main():
          # ruleid: command
          os.system("ls " + sys.argv[1])
          # ruleid: command
          os.system(os.environ["CMD"])
          # ruleid: command
          os.system(input("command: "))
    `,
  };

  it("are reported at warning level with includeLocalSources", async () => {
    await check(code, { local: true });
    const run = await runTaint(code, { local: true });
    expect(run.findings.get("cli.py")!.map((f) => f.level)).toEqual(["warning", "warning", "warning"]);
  });

  it("are ignored without it", async () => {
    const run = await runTaint(code);
    expect(run.hits).toEqual([]);
  });
});
