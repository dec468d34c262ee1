import base64
import pickle

from django.core import signing
from django.http import JsonResponse


def resume_checkout(request, token):
    # ok: unsafe-deserialization
    checkout = signing.loads(token, salt="checkout")
    return JsonResponse({"step": checkout["step"]})
