from django.http import JsonResponse


def apply_markup(request):
    price = float(request.POST.get("price", "0"))
    namespace = {}
    # ok: code-injection
    exec(f"result = round({price} * 1.19, 2)", {}, namespace)
    return JsonResponse({"gross": namespace["result"]})
