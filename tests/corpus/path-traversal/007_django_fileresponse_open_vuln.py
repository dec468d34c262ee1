import os

from django.http import FileResponse

MEDIA_ROOT = "/srv/media"


def download(request):
    name = request.GET.get("name", "")
    # ruleid: path-traversal
    return FileResponse(open(os.path.join(MEDIA_ROOT, "exports", name), "rb"), as_attachment=True)
