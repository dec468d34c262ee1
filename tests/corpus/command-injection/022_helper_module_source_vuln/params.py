def requested_host(req):
    return req.args.get("host", "localhost")
