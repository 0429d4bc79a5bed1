"""Bench-only settings: the production settings plus the floor view's URL (bench/urls.py).

Used by bench/run.py and bench/load_with_writes.py through DJANGO_SETTINGS_MODULE; never by
the site. Static files are collected into bench/data/static (git-ignored).
"""

from newsroom.settings import *  # noqa: F403
from newsroom.settings import BASE_DIR

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = BASE_DIR / "bench" / "data" / "static"
