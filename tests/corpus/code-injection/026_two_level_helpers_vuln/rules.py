from .parsing import clean


def evaluate(expr, context):
    # ruleid: code-injection
    return eval(clean(expr), {"__builtins__": {}}, context)
