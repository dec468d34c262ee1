import os

from django.http import JsonResponse

DOCS = "/srv/docs"


def rename_document(request):
    old = request.POST.get("old", "")
    new = request.POST.get("new", "")
    # ruleid: path-traversal
    os.rename(os.path.join(DOCS, os.path.basename(old)), os.path.join(DOCS, new))
    return JsonResponse({"renamed": new})
