from django.http import JsonResponse

HOOKS = {"noop": "result = None", "ping": "result = 'pong'"}


def run_hook(request, hook_name):
    source = hook_name
    scope = {}
    # ruleid: code-injection
    exec(source, {"__builtins__": {}}, scope)
    return JsonResponse({"result": scope.get("result")})
