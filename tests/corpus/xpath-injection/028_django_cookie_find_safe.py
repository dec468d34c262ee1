import xml.etree.ElementTree as ET

from django.http import JsonResponse

PLANS = ET.parse("/srv/data/plans.xml").getroot()


def current_plan(request):
    plan_id = int(request.COOKIES.get("plan", "1"))
    # ok: xpath-injection
    plan = PLANS.find(f"./plan[@id='{plan_id}']")
    return JsonResponse({"name": plan.get("name") if plan is not None else None})
