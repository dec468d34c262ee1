def normalize_limit(raw):
    return raw.strip()
