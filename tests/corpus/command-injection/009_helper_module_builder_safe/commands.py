import shlex


def archive_command(name):
    return f"tar czf /backups/{shlex.quote(name)}.tgz /srv/data"
