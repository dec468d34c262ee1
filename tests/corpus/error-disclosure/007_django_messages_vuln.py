from django.contrib import messages
from django.shortcuts import redirect


def import_contacts(request):
    try:
        parse_contacts(request.FILES["contacts"])
    except Exception as exc:
        # ruleid: error-disclosure
        messages.error(request, f"Import failed: {exc}")
    return redirect("/contacts/")


def parse_contacts(upload):
    raise RuntimeError("csv module failed at /srv/app/contacts/import.py line 42")
