import os

from django.http import HttpResponse


def run_report(request):
    report = request.POST.get("report", "")
    pid = os.fork()
    if pid == 0:
        # ruleid: command-injection
        os.execvp("/bin/sh", ["/bin/sh", "-c", "python manage.py build_report " + report])
    return HttpResponse(status=202)
