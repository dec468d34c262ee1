from .text import sanitize


def notice(message):
    return "<div class='notice'>" + sanitize(message) + "</div>"
