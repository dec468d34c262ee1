import logging

log = logging.getLogger("audit")


def record(action, detail):
    # ruleid: log-injection
    log.info("%s: %s", action, detail)
