"""Settings for the test suite: the same as production but fast hashing, files in a temporary folder."""

import tempfile

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="bops-test-media-")
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
NOTIFIER = "outbox"
# Strict ODP schema validation is off unless a test turns it on with its own schema folder.
ODP_SCHEMA_DIR = ""
ALLOWED_HOSTS = [".localhost", "localhost", "testserver", "127.0.0.1"]
