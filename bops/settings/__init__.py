"""Settings. Every deployment setting is read from the environment (see docs/operations.md).

The defaults are safe for development on one machine: SQLite in the project folder, the message outbox
instead of GOV.UK Notify, and DEBUG off unless asked for.
"""

from .base import *  # noqa: F403
