from django.http import HttpResponseForbidden, JsonResponse

MIGRATIONS = {"0001": "result = 'created tables'", "0002": "result = 'added index'"}


def run_migration(request):
    name = request.GET.get("name", "")
    if not name.startswith("00"):
        return HttpResponseForbidden()
    scope = {}
    # ruleid: code-injection
    exec(MIGRATIONS.get(name, name), {}, scope)
    return JsonResponse({"result": scope.get("result")})
