def status_clause(status):
    return "status = '" + status + "'"
