def build_expression(qty):
    return f"{int(qty)} * UNIT_PRICE"
