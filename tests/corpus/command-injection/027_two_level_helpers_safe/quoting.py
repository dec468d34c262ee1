import shlex


def as_argument(value):
    return shlex.quote(value.strip())
