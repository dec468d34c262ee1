def sanitize(value):
    return value.replace("\n", " ").strip()
