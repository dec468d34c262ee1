import shlex


def requested_host(req):
    return shlex.quote(req.args.get("host", "localhost"))
