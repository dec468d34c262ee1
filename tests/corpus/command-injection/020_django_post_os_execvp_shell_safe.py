import os

from django.http import HttpResponse


def run_report(request):
    report = str(int(request.POST.get("report", "0")))
    pid = os.fork()
    if pid == 0:
        # ok: command-injection
        os.execvp("/bin/sh", ["/bin/sh", "-c", "python manage.py build_report " + report])
    return HttpResponse(status=202)
