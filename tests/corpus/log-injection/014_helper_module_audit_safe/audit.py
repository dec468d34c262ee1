import logging

log = logging.getLogger("audit")


def record(action, detail):
    # ok: log-injection
    log.info("%s: %r", action, detail)
