def clean(expr):
    return expr.replace(" ", "")
