def describe(exc):
    return "backup failed, the administrators were notified"
