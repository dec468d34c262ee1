from .filters import status_clause


def orders_query(status):
    return "SELECT id, total FROM orders WHERE " + status_clause(status) + " ORDER BY id DESC"
