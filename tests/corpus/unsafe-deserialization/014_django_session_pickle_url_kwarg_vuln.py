import base64
import pickle

from django.core import signing
from django.http import JsonResponse


def resume_checkout(request, token):
    # ruleid: unsafe-deserialization
    checkout = pickle.loads(base64.urlsafe_b64decode(token))
    return JsonResponse({"step": checkout["step"]})
