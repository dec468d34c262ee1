from jinja2 import Template


def render_snippet(markup):
    # ok: template-injection
    return Template("<section>{{ markup }}</section>").render(markup=markup)
