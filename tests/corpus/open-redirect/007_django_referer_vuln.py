from django.shortcuts import redirect
from django.urls import reverse


def mark_read(request, pk):
    request.user.notifications.filter(pk=pk).update(unread=False)
    # ruleid: open-redirect
    return redirect(request.META.get("HTTP_REFERER", "/"))
