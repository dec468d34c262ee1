from django.shortcuts import redirect
from django.urls import reverse


def mark_read(request, pk):
    request.user.notifications.filter(pk=pk).update(unread=False)
    # ok: open-redirect
    return redirect(reverse("notifications") + "?page=" + request.GET.get("page", "1"))
