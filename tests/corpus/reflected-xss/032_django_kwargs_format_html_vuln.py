from django.http import HttpResponse
from django.utils.html import format_html


def order_confirmation(request, order_number):
    # ruleid: reflected-xss
    return HttpResponse("<h1>Thanks! Your order {} is confirmed.</h1>".format(order_number))
