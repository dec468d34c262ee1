from django.shortcuts import redirect
from django.views import View


class SubscribeView(View):
    success_path = "/newsletter/thanks/"

    def post(self, request):
        request.session["subscribed"] = True
        # ok: open-redirect
        return redirect(self.success_path + "?ref=" + request.POST.get("ref", ""))
