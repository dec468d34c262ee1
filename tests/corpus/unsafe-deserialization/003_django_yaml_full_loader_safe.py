import yaml
from django.http import JsonResponse


def import_settings(request):
    # ok: unsafe-deserialization
    data = yaml.load(request.body, Loader=yaml.SafeLoader)
    return JsonResponse({"keys": sorted(data)})
