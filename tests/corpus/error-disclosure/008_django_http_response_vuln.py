from django.http import HttpResponseServerError


def thumbnail(request, name):
    try:
        data = render_thumbnail(name)
    except OSError as exc:
        # ruleid: error-disclosure
        return HttpResponseServerError(repr(exc))
    return data


def render_thumbnail(name):
    raise OSError("convert: unable to open image /srv/media/originals")
