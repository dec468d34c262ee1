from django.http import JsonResponse

from .models import Employee


def employees_by_email(request):
    email = request.GET.get("email", "")
    # ruleid: sql-injection
    people = Employee.objects.raw("SELECT * FROM hr_employee WHERE email = '%s'" % email)
    return JsonResponse({"results": [p.full_name for p in people]})
