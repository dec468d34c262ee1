def archive_command(name):
    return f"tar czf /backups/{name}.tgz /srv/data"
