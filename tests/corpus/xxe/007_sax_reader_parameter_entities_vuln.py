import xml.sax
from xml.sax.handler import ContentHandler, feature_external_pes

from django.http import JsonResponse


class Counter(ContentHandler):
    def __init__(self):
        super().__init__()
        self.count = 0

    def startElement(self, name, attrs):
        self.count += 1


def count_elements(request):
    counter = Counter()
    reader = xml.sax.make_parser()
    reader.setContentHandler(counter)
    reader.setFeature(feature_external_pes, True)
    # ruleid: xxe
    reader.parse(request.FILES["document"])
    return JsonResponse({"elements": counter.count})
