def return_url(raw):
    cleaned = raw.strip()
    return "/cart/" + cleaned
