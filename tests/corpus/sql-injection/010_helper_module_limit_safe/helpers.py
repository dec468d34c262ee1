def normalize_limit(raw):
    return int(raw.strip())
