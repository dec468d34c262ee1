import requests

API_ROOT = "https://api.partner.example.com"


def fetch_json(resource):
    url = API_ROOT + "/v2/" + resource
    # ok: ssrf
    return requests.get(url, timeout=5).json()
