def normalise(value):
    return value.strip().lower()
