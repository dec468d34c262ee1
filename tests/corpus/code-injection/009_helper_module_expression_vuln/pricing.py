def build_expression(qty):
    return f"{qty} * UNIT_PRICE"
