from .parsing import clean


def evaluate(expr, context):
    # ok: code-injection
    return eval(clean(expr), {"__builtins__": {}}, context)
