"""Partner integrations: delivery webhooks the shop calls when an order ships."""
import ipaddress
import socket
from urllib.parse import urlparse

import httpx
from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

router = APIRouter(prefix="/integrations")
CARRIER_API = "https://api.carrier.example.com"


class Webhook(BaseModel):
    url: str
    secret: str


@router.post("/webhooks/test")
def test_webhook(hook: Webhook):
    reply = httpx.post(hook.url, json={"event": "ping"}, timeout=5)
    return {"status": reply.status_code}


@router.post("/webhooks/verify")
def verify_webhook(hook: Webhook):
    host = urlparse(hook.url).hostname or ""
    if ipaddress.ip_address(socket.gethostbyname(host)).is_private:
        raise HTTPException(status_code=400, detail="webhooks must point to a public address")
    reply = httpx.post(hook.url, json={"event": "ping"}, timeout=5)
    return {"status": reply.status_code}


@router.get("/shipments/{tracking_number}")
def shipment(tracking_number: str):
    reply = httpx.get(f"{CARRIER_API}/v1/shipments/{tracking_number}", timeout=5)
    return reply.json()


@router.post("/shipments/{tracking_number}/refresh")
def refresh_shipment(tracking_number: str):
    try:
        reply = httpx.post(f"{CARRIER_API}/v1/shipments/{tracking_number}/refresh", timeout=5)
        reply.raise_for_status()
    except httpx.HTTPError as exc:
        return {"error": str(exc)}
    return reply.json()


@router.post("/shipments/{tracking_number}/cancel")
def cancel_shipment(tracking_number: str):
    try:
        reply = httpx.post(f"{CARRIER_API}/v1/shipments/{tracking_number}/cancel", timeout=5)
        reply.raise_for_status()
    except httpx.HTTPError:
        return {"error": "the carrier could not be reached, please retry later"}
    return reply.json()
