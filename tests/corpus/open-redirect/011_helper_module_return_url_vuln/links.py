def return_url(raw):
    cleaned = raw.strip()
    return cleaned or "/"
