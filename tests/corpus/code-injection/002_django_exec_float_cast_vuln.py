from django.http import JsonResponse


def apply_markup(request):
    price = request.POST.get("price", "0")
    namespace = {}
    # ruleid: code-injection
    exec(f"result = round({price} * 1.19, 2)", {}, namespace)
    return JsonResponse({"gross": namespace["result"]})
