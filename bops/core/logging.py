"""Log filters. The applicant's links carry a signed token in the path that works for weeks: it must not end up in
log files, where more people can read it than the applicant's email."""

import logging
import re

_TOKEN_PATH = re.compile(r"(/respond/|/consultee/)[^/\s\"'?]+")


def redact(text: str) -> str:
    return _TOKEN_PATH.sub(r"\1…", text)


class RedactLinkTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
