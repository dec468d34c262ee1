from django.http import JsonResponse
from django.views import View


class WizardStepView(View):
    def post(self, request, step):
        current = request.POST.get("step", step)
        # ruleid: trust-boundary
        request.session["wizard_step"] = current
        return JsonResponse({"step": current})
