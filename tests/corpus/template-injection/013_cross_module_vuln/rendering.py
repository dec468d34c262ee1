from jinja2 import Template


def render_snippet(markup):
    # ruleid: template-injection
    return Template("<section>" + markup + "</section>").render()
