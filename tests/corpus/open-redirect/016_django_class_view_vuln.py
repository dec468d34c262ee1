from django.shortcuts import redirect
from django.views import View


class SubscribeView(View):
    success_path = "/newsletter/thanks/"

    def post(self, request):
        request.session["subscribed"] = True
        # ruleid: open-redirect
        return redirect(request.POST.get("success_url", self.success_path))
