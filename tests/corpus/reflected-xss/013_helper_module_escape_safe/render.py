import html


def welcome_banner(name):
    return f"<p class='welcome'>Welcome back, {html.escape(name)}</p>"
