def remember(store, key, value):
    cleaned = value == "express"
    # ok: trust-boundary
    store[key] = cleaned
