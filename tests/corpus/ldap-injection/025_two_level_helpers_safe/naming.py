from ldap3.utils.conv import escape_filter_chars


def normalise(value):
    return escape_filter_chars(value.strip().lower())
