import os

from .names import report_name

REPORT_ROOT = "/srv/reports"


def report_bytes(period):
    # ok: path-traversal
    with open(os.path.join(REPORT_ROOT, report_name(period)), "rb") as fh:
        return fh.read()
