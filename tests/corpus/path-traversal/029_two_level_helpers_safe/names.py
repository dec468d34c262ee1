def report_name(period):
    return f"report-{int(period)}.pdf"
