from django.http import HttpResponse
from django.utils.html import format_html


def order_confirmation(request, order_number):
    # ok: reflected-xss
    return HttpResponse(format_html("<h1>Thanks! Your order {} is confirmed.</h1>", order_number))
