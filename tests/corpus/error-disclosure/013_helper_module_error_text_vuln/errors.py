def describe(exc):
    return f"backup failed: {exc}"
