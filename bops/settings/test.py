"""Settings for the test suite: the same as production but fast hashing, files in a temporary folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="bops-test-media-")
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
NOTIFIER = "outbox"
# Strict ODP schema validation is off unless a test turns it on with its own schema folder.
ODP_SCHEMA_DIR = ""
ALLOWED_HOSTS = [".localhost", "localhost", "testserver", "127.0.0.1"]

# On SQLite, tests use a database file (WAL, with a busy timeout) rather than Django's shared-cache memory
# database, where a reader in one thread (the browser tests' live server) makes a writer in another fail at once.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.mkdtemp(prefix="bops-test-db-")) / "test.sqlite3")}  # noqa: F405
