def report_name(period):
    return f"report-{period}.pdf"
