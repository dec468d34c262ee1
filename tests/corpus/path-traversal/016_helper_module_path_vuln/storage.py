import os

AVATAR_DIR = "/srv/avatars"


def avatar_path(username):
    return os.path.join(AVATAR_DIR, username + ".png")
