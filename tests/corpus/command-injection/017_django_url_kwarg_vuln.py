import subprocess

from django.http import JsonResponse


def service_status(request, service):
    # ruleid: command-injection
    proc = subprocess.run("systemctl is-active " + service, shell=True, capture_output=True, text=True)
    return JsonResponse({"service": service, "state": proc.stdout.strip()})
