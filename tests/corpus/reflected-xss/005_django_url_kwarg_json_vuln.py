from django.http import HttpResponse, JsonResponse


def profile(request, username):
    # ruleid: reflected-xss
    return HttpResponse("<div class='profile'><h2>" + username + "</h2></div>")
