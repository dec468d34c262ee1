"""Sales reports rendered by the reporting CLI of the data team."""
import os
import subprocess

REPORT_DIR = "/srv/shop/reports"
REPORT_KINDS = {"sales", "refunds", "inventory"}


def build_report(kind: str, month: str) -> str:
    if kind not in REPORT_KINDS:
        raise ValueError(f"unknown report kind: {kind}")
    target = os.path.join(REPORT_DIR, f"{kind}-{month}.csv")
    subprocess.run(["shop-reports", "render", kind, "--month", month, "--out", target], check=True, timeout=120)
    subprocess.run(f"gzip -kf {target}", shell=True, check=True)
    return target
