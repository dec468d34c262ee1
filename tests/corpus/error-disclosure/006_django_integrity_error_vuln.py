from django.db import IntegrityError
from django.http import JsonResponse


def register(request):
    try:
        create_account(request.POST["email"])
    except IntegrityError as exc:
        # ruleid: error-disclosure
        return JsonResponse({"error": exc.args[0]}, status=400)
    return JsonResponse({"ok": True})


def create_account(email):
    raise IntegrityError('duplicate key value violates unique constraint "accounts_email_key"')
