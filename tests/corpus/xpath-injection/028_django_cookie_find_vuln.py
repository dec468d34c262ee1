import xml.etree.ElementTree as ET

from django.http import JsonResponse

PLANS = ET.parse("/srv/data/plans.xml").getroot()


def current_plan(request):
    plan_id = request.COOKIES.get("plan", "basic")
    # ruleid: xpath-injection
    plan = PLANS.find(f"./plan[@id='{plan_id}']")
    return JsonResponse({"name": plan.get("name") if plan is not None else None})
