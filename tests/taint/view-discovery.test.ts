import { describe, it } from "vitest";
import { expectAnnotated } from "./harness.js";

const check = expectAnnotated;

describe("views wherever they are defined", () => {
  it("routes registered inside an application factory, with its locals", async () => {
    await check({
      "shop/__init__.py": `
        import sqlite3
        from flask import Flask, request

        def create_app(config=None):
            app = Flask(__name__)
            db = sqlite3.connect("shop.db")

            @app.route("/products")
            def products():
                term = request.args.get("q", "")
                # ruleid: sql
                rows = db.execute("SELECT * FROM products WHERE name LIKE '%" + term + "%'").fetchall()
                # ok: sql
                db.execute("SELECT * FROM products WHERE name LIKE ?", ("%" + term + "%",))
                # ruleid: xss
                return "<h1>" + term + "</h1>"

            @app.route("/products/<int:pid>/<slug>")
            def product(pid, slug):
                # ok: sql
                db.execute("SELECT * FROM products WHERE id = %d" % pid)
                # ruleid: sql
                db.execute("SELECT * FROM products WHERE slug = '%s'" % slug)
                return "ok"

            def helper(name):
                # ok: sql
                return db.execute("SELECT 1 WHERE '%s'" % name)

            return app
      `,
    });
  });

  it("init(app) and register(bp) functions, nested functions, routes under if", async () => {
    await check({
      "admin.py": `
        import os
        import subprocess
        from flask import request
        import settings

        def init(app):
            @app.route("/admin/run")
            def run():
                # ruleid: command
                subprocess.call(request.args["cmd"], shell=True)
                return "done"

        def register(bp):
            def add(bp):
                @bp.post("/admin/purge/<path:folder>")
                def purge(folder):
                    # ruleid: command
                    os.system("rm -rf /srv/cache/" + folder)
                    # ok: command
                    os.system("rm -rf /srv/cache/tmp")
                    return "purged"
            add(bp)

        if settings.DEBUG:
            from flask import Blueprint
            debug = Blueprint("debug", __name__)

            @debug.route("/debug/eval")
            def debug_eval():
                # ruleid: code
                return str(eval(request.args["expr"]))
      `,
      "settings.py": `
        DEBUG = True
      `,
    });
  });

  it("add_url_rule and add_api_route with functions defined in the factory or imported", async () => {
    await check({
      "views.py": `
        import os
        from flask import request

        def show(name):
            # ruleid: command
            os.system("cat /srv/docs/" + name)
            # ruleid: xss
            return "<pre>" + request.args.get("h", "") + "</pre>"
      `,
      "api_views.py": `
        import os

        async def download(path: str):
            # ruleid: command
            os.system("cat " + path)
            return {"ok": True}
      `,
      "app.py": `
        import os
        from fastapi import FastAPI
        from flask import Flask, request
        from views import show
        from api_views import download

        def create_app():
            app = Flask(__name__)

            def index():
                # ruleid: command
                os.system("echo " + request.args["x"])
                # ruleid: xss
                return "<p>" + request.args["x"] + "</p>"

            def not_registered(x):
                # ok: command
                os.system("echo " + x)

            app.add_url_rule("/", view_func=index)
            app.add_url_rule("/docs/<name>", "show", show)
            return app

        def create_api():
            api = FastAPI()
            api.add_api_route("/download", download)
            return api
      `,
    });
  });

  it("a nested function that is not registered is not a view", async () => {
    await check({
      "jobs.py": `
        import os
        from flask import Flask

        def make_worker():
            def work(request, name):
                # ok: command
                os.system("echo " + name)
            return work
      `,
    });
  });
});

describe("test doubles", () => {
  it("views defined anywhere in test code are not where data flows start, unless tests are code", async () => {
    const files = (mark: string) => ({
      "tests/helpers.py": `
        from flask import Flask, request

        def make_app():
            app = Flask(__name__)

            @app.route("/search")
            def search():
                # ${mark}: xss
                return "<p>" + request.args["q"] + "</p>"

            return app
      `,
      "shop/views.py": `
        from flask import Flask, request

        app = Flask(__name__)

        @app.route("/search")
        def search():
            # ruleid: xss
            return "<p>" + request.args["q"] + "</p>"
      `,
    });
    await check(files("ok"));
    await check(files("ruleid"), { testsAsCode: true });
  });

  it("with --tests-as-code, views defined inside tests and pytest fixtures of test files are still not entry points (their returns are not responses)", async () => {
    await check({
      "tests/test_pages.py": `
        import pytest
        from flask import Flask, request
        from flask.views import MethodView

        @pytest.fixture
        def app():
            app = Flask(__name__)

            @app.route("/echo")
            def echo():
                # ok: xss
                return request.args["text"]

            return app

        def test_greeting(app):
            @app.route("/hello")
            def hello():
                # ok: xss
                return f"Hello {request.args['name']}!"

            assert app.test_client().get("/hello?name=x").data == b"Hello x!"

        class TestViews:
            def test_method_view(self, app):
                class Items(MethodView):
                    def get(self):
                        # ok: xss
                        return "<li>" + request.args["item"] + "</li>"

                app.add_url_rule("/items", view_func=Items.as_view("items"))
      `,
      "tests/helpers.py": `
        from flask import Flask, request

        def make_app():
            app = Flask(__name__)

            @app.route("/search")
            def search():
                # ruleid: xss
                return "<p>" + request.args["q"] + "</p>"

            return app
      `,
      "pages/factory.py": `
        from flask import Flask, request

        def test_mode_app():
            app = Flask(__name__)

            @app.route("/preview")
            def preview():
                # ruleid: xss
                return request.args["html"]

            return app
      `,
    }, { testsAsCode: true });
  });
});

describe("a framework's own code", () => {
  it("handler classes defined in a module the models describe are its implementation, not an application", async () => {
    await check({
      "http/server.py": `
        import os
        import socketserver

        class BaseHTTPRequestHandler(socketserver.StreamRequestHandler):
            def handle(self):
                self.raw_requestline = self.rfile.readline(65537)
                self.path = self.raw_requestline.split()[1].decode()
                getattr(self, "do_" + self.raw_requestline.split()[0].decode())()

        class SimpleHTTPRequestHandler(BaseHTTPRequestHandler):
            def do_GET(self):
                # ok: path
                return open(os.path.join("/srv/www", self.path.lstrip("/")), "rb")
      `,
      "app/files.py": `
        import os
        from http.server import SimpleHTTPRequestHandler

        class UploadHandler(SimpleHTTPRequestHandler):
            def do_PUT(self):
                # ruleid: path
                with open(os.path.join("/srv/www", self.path.lstrip("/")), "wb") as fh:
                    fh.write(self.rfile.read(int(self.headers["Content-Length"])))
      `,
    });
  });
});

describe("views inferred where the framework is not imported", () => {
  it("a request-first function reading request.GET, DRF @api_view and @action, and a view class whose base lives in another file", async () => {
    await check({
      "reports/helpers.py": `
        import os

        def export(request):
            fmt = request.GET.get("format", "csv")
            # ruleid: command
            os.system("make-report --format " + fmt)

        def lookup(request, name):
            # ok: command
            os.system("echo " + name)
            return request
      `,
      "reports/base.py": `
        from django.views import View

        class ReportView(View):
            template = "report.html"
      `,
      "reports/views.py": `
        import subprocess
        from .base import ReportView

        class SalesReport(ReportView):
            def get(self, request, region):
                # ruleid: command
                subprocess.run("sales --region " + region, shell=True)
                # ruleid: command
                subprocess.run("sales --since " + request.GET["since"], shell=True)
      `,
      "reports/api.py": `
        import os
        from rest_framework.decorators import action, api_view
        from rest_framework import viewsets

        @api_view(["POST"])
        def rebuild(req):
            # ruleid: command
            os.system("rebuild " + req.data["target"])

        class ReportViewSet(viewsets.ViewSet):
            @action(detail=True, methods=["post"])
            def archive(self, request, pk=None):
                # ruleid: command
                os.system("archive " + pk)
      `,
    });
  });

  it("not views: error handlers, template tags, signal receivers, admin actions", async () => {
    await check({
      "shop/urls.py": `
        from django.urls import path
        from . import views

        handler404 = views.not_found
        handler500 = "shop.views.server_error"
        urlpatterns = [path("", views.home)]
      `,
      "shop/views.py": `
        import os
        from django.http import HttpResponse, HttpResponseNotFound

        def home(request):
            return HttpResponse("home")

        def not_found(request, exception):
            # ok: command
            os.system("log-404 " + str(exception))
            # ruleid: xss
            return HttpResponseNotFound("<h1>No page at " + request.path + "</h1>")

        def server_error(request, template_name="500.html"):
            # ok: command
            os.system("alert " + template_name)
            return HttpResponse("error", status=500)
      `,
      "shop/templatetags/shop_tags.py": `
        import os
        from django import template
        from django.dispatch import receiver
        from django.contrib import admin
        from django.core.signals import request_finished

        register = template.Library()

        @register.simple_tag
        def price(request, amount):
            # ok: command
            os.system("echo " + amount)

        @receiver(request_finished)
        def on_finished(request, **kwargs):
            # ok: command
            os.system("echo " + kwargs["sender"])

        @admin.action(description="Export")
        def export(request, queryset):
            # ok: command
            os.system("export " + queryset)
      `,
    });
  });

  it("a route decorator applied by hand, Starlette routes and HTTPEndpoint classes", async () => {
    await check({
      "app.py": `
        import os
        from flask import Flask

        app = Flask(__name__)

        def hello(name):
            # ruleid: command
            os.system("echo " + name)
            return "ok"

        app.route("/hello/<name>")(hello)
      `,
      "web.py": `
        import os
        from starlette.applications import Starlette
        from starlette.endpoints import HTTPEndpoint
        from starlette.routing import Route

        async def homepage(request):
            # ruleid: command
            os.system("echo " + request.query_params["q"])

        async def about(request):
            # ruleid: command
            os.system("echo " + request.path_params["page"])

        class Items(HTTPEndpoint):
            async def get(self, request):
                form = await request.form()
                # ruleid: command
                os.system("echo " + form["name"])

        web = Starlette(routes=[Route("/", homepage), Route("/items", Items)])
        web.add_route("/about/{page}", about)
      `,
    });
  });
});
