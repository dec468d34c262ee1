import yaml
from django.http import JsonResponse


def import_settings(request):
    # ruleid: unsafe-deserialization
    data = yaml.load(request.body, Loader=yaml.FullLoader)
    return JsonResponse({"keys": sorted(data)})
