from django.http import JsonResponse
from django.views import View


class WizardStepView(View):
    def post(self, request, step):
        current = int(request.POST.get("step", step))
        # ok: trust-boundary
        request.session["wizard_step"] = current
        return JsonResponse({"step": current})
