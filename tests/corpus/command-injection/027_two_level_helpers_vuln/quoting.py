def as_argument(value):
    return value.strip()
