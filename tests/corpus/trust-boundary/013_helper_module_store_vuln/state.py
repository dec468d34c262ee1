def remember(store, key, value):
    cleaned = value.strip()
    # ruleid: trust-boundary
    store[key] = cleaned
