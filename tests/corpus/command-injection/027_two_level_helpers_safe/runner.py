import subprocess

from .quoting import as_argument


def convert_image(name, size):
    command = f"convert /srv/media/{as_argument(name)} -resize {as_argument(size)} /srv/media/thumbs/out.png"
    # ok: command-injection
    return subprocess.call(command, shell=True)
