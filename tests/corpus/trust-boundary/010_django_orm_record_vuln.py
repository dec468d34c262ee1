from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from .models import Store


def choose_store(request):
    store = get_object_or_404(Store, pk=int(request.POST["store"]))
    chosen = request.POST.get("store_name", store.name)
    # ruleid: trust-boundary
    request.session["store"] = chosen
    return JsonResponse({"store": chosen})
