import logging

from django.http import JsonResponse


class Importer:
    def __init__(self):
        self.log = logging.getLogger("importer")

    def run(self, source):
        # ruleid: log-injection
        self.log.error("import from %s failed", source)


def start_import(request):
    Importer().run(request.GET.get("source", "default"))
    return JsonResponse({"started": True})
