def order_xpath(order_id):
    return f"//order[@id='{int(order_id)}']/status/text()"
