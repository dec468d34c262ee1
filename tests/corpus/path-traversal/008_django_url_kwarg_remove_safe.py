import os

from django.http import Http404, JsonResponse

ATTACHMENTS = "/srv/attachments"
DELETABLE = {"draft.txt", "notes.md", "scratch.csv"}


def delete_attachment(request, filename):
    if filename not in DELETABLE:
        raise Http404("no such attachment")
    # ok: path-traversal
    os.remove(os.path.join(ATTACHMENTS, filename))
    return JsonResponse({"deleted": filename})
