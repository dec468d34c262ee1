from django.db import IntegrityError
from django.http import JsonResponse


def register(request):
    try:
        create_account(request.POST["email"])
    except IntegrityError as exc:
        # ok: error-disclosure
        return JsonResponse({"error": "this email address is already registered"}, status=400)
    return JsonResponse({"ok": True})


def create_account(email):
    raise IntegrityError('duplicate key value violates unique constraint "accounts_email_key"')
