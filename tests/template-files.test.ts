/**
 * Template files rendered by name: a variable the template outputs `|safe` (or under
 * `{% autoescape false/off %}`) and fills from request data is XSS at the render call. The file is
 * the one under the `templates/` folder nearest to the view; unknown or ambiguous → no finding.
 */
import { describe, expect, it } from "vitest";
import { unescapedVariables } from "../src/taint/template-escapes.js";
import { findingKeys, scanFolder } from "./helpers/annotations.js";
import { tempProjects } from "./helpers/temp-project.js";

const project = tempProjects("pysast-templates");

const VIEW = (route: string) => `
from flask import Blueprint, render_template, request

bp = Blueprint("${route}", __name__)

@bp.route("/${route}")
def page():
    return render_template("index.html", title=request.args["title"])
`;

describe("template files rendered by name", () => {
  it("reads |safe, autoescape false and Django's autoescape off; not escaped output or attributes", () => {
    const text = `{{ a|safe }} {{ b }} {{ c.d|safe }} {{ e|upper|safe }} {% autoescape false %}{{ f }}{% endautoescape %} {% autoescape off %}{{ g|default:h }}{% endautoescape %} {{ i|escape }}`;
    expect([...unescapedVariables(text)].sort()).toEqual(["a", "c.d", "e", "f", "g", "h"]);
  });

  it("does not count |safe after a filter that escapes (tojson, escape, escapejs, urlencode)", () => {
    const text = `<script>var task = {{ task|tojson|safe }}; var raw = {{ script|safe }};</script>{{ q | e | safe }}{{ note|escapejs|safe }}{{ body|striptags|safe }}`;
    expect([...unescapedVariables(text)].sort()).toEqual(["body", "script"]);
  });

  it("reads outputs that begin a URL attribute (a javascript: URL survives escaping); not after a fixed beginning, not calls, not |urlencode", () => {
    const text = `<a href="{{ a }}">{{ b }}</a><img src={{ c.url }}><form action='{{- d -}}'><a href="/x/{{ e }}"><a href="{{ url_for('x', y=f) }}"><a href="{{ g|urlencode }}"><a href="{{ h|default('/') }}"><a title="{{ i }}">`;
    expect([...unescapedVariables(text)].sort()).toEqual(["url:a", "url:c.url", "url:d", "url:h"]);
  });

  it("reads a URL attribute through filters that hand the text on (lower, default), not through one that computes the link", () => {
    const text = `<a href="{{ ticket | issue_url }}"><a href="{{ site|lower }}"><a href="{{ home|default:'/' }}"><a href="{{ when|date:'Y' }}">`;
    expect([...unescapedVariables(text)].sort()).toEqual(["url:home", "url:site"]);
  });

  it("reads a URL attribute only inside a tag, not in text that shows markup to copy", () => {
    const text = `<textarea readonly>&lt;iframe src="{{ embed }}"&gt;&lt;/iframe&gt;</textarea><a {% if n > 1 %}class="many"{% endif %} href="{{ next }}">`;
    expect([...unescapedVariables(text)].sort()).toEqual(["url:next"]);
  });

  it("reads Tornado's {% raw x %} and {% autoescape None %}; not Jinja's {% raw %} block", () => {
    expect([...unescapedVariables(`<p>{{ a }}</p><script>var x = '{% raw b.c %}';</script>{% raw %}{{ d }}{% endraw %}`)].sort()).toEqual(["b.c"]);
    expect([...unescapedVariables(`{% autoescape None %}<p>{{ a }}</p>{{ e["k"] }}`)].sort()).toEqual(["a", "e"]);
  });

  it("uses the templates folder nearest to the view; ambiguous names report nothing", async () => {
    const root = project({
      "admin/views.py": VIEW("admin"),
      "admin/templates/index.html": "<h1>{{ title|safe }}</h1>",
      "shop/views.py": VIEW("shop"),
      "shop/templates/index.html": "<h1>{{ title }}</h1>",
      "tools/views.py": VIEW("tools"),
    });
    const output = await scanFolder(root);
    // tools/ has no templates folder of its own, and two apps have an index.html: unknown
    expect([...findingKeys(output)]).toEqual(["admin/views.py:8:reflected-xss"]);
  });

  it("falls back to the only template of that name in the project (a top-level templates folder)", async () => {
    const root = project({
      "app/views/pages.py": VIEW("pages"),
      "templates/index.html": "{% autoescape false %}<h1>{{ title }}</h1>{% endautoescape %}",
    });
    const output = await scanFolder(root);
    expect([...findingKeys(output)]).toEqual(["app/views/pages.py:8:reflected-xss"]);
  });
});
