from django.contrib import messages
from django.shortcuts import redirect


def import_contacts(request):
    try:
        parse_contacts(request.FILES["contacts"])
    except Exception as exc:
        # ok: error-disclosure
        messages.error(request, "The import failed; check the file format.")
    return redirect("/contacts/")


def parse_contacts(upload):
    raise RuntimeError("csv module failed at /srv/app/contacts/import.py line 42")
