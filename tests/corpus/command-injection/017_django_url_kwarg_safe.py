import subprocess

from django.http import JsonResponse


def service_status(request, service):
    # ok: command-injection
    proc = subprocess.run(["systemctl", "is-active", service], capture_output=True, text=True)
    return JsonResponse({"service": service, "state": proc.stdout.strip()})
