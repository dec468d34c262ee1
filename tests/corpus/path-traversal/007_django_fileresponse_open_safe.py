import os

from django.http import FileResponse

MEDIA_ROOT = "/srv/media"


def download(request):
    name = request.GET.get("name", "")
    # ok: path-traversal
    return FileResponse(open(os.path.join(MEDIA_ROOT, "exports", os.path.basename(name)), "rb"), as_attachment=True)
