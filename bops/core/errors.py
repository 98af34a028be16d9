"""The one domain error type.

A service raises DomainError when a rule refuses an action. Pages show its message in a GOV.UK error
summary (with the field it concerns, when there is one); the API turns it into {"error": {...}}.
"""


class DomainError(Exception):
    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
