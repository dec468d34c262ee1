"""Warehouse stock service: an aiohttp application used by the pickers' handheld scanners."""
