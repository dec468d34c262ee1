"""Staging settings: the back office on the pre-production cluster, with a copy of live data."""
from .settings import *  # noqa: F401,F403

DEBUG = True
ALLOWED_HOSTS = ["*"]
SECRET_KEY = "q7Fz2LwX9pR4tV8mK1sB6nD3hJ0cY5gE"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = True
