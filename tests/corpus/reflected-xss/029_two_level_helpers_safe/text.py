import html


def sanitize(value):
    return html.escape(value.replace("\n", " ").strip())
