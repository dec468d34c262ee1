def by_attribute(name, value):
    return f"//*[@{name}='{value}']"
