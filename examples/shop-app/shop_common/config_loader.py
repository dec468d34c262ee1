"""Loading of the shop's YAML configuration and plugin manifests."""
from pathlib import Path

import yaml

CONFIG_DIR = Path("/etc/shop")


def load_settings(name: str = "settings.yaml") -> dict:
    with open(CONFIG_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_plugin_manifest(plugin_dir: Path) -> dict:
    with open(plugin_dir / "manifest.yaml", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml.Loader)
