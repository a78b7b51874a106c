"""Log records never carry a person's data: exception messages (which may quote a value) are dropped."""

from __future__ import annotations

import logging
import traceback


class RedactExceptions(logging.Filter):
    """Replace an attached exception by its type and the code locations it passed through."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            frames = traceback.extract_tb(exc.__traceback__)[-8:]
            where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in reversed(frames))
            record.msg = f"{record.msg} [{type(exc).__name__} at {where}]"
            record.exc_info = None
            record.exc_text = None
        return True
