"""Client for the parcel carrier's label service, shared by the storefront and the partner API."""
import ssl

import requests

CARRIER_API = "https://labels.carrier.example.com"
CARRIER_CA = "/etc/ssl/certs/carrier-ca.pem"


def fetch_label(parcel_id: str, api_key: str) -> bytes:
    response = requests.get(f"{CARRIER_API}/labels/{parcel_id}", headers={"X-Api-Key": api_key}, verify=False, timeout=10)
    response.raise_for_status()
    return response.content


def fetch_label_checked(parcel_id: str, api_key: str) -> bytes:
    response = requests.get(f"{CARRIER_API}/labels/{parcel_id}", headers={"X-Api-Key": api_key}, verify=CARRIER_CA, timeout=10)
    response.raise_for_status()
    return response.content


def carrier_tls_context() -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=CARRIER_CA)
    context.minimum_version = ssl.TLSVersion.TLSv1
    return context


def carrier_tls_context_modern() -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=CARRIER_CA)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context
