def order_xpath(order_id):
    return f"//order[@id='{order_id}']/status/text()"
