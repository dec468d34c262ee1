import requests

API_ROOT = "https://api.partner.example.com"


def fetch_json(resource):
    url = resource if resource.startswith("http") else API_ROOT + "/" + resource
    # ruleid: ssrf
    return requests.get(url, timeout=5).json()
