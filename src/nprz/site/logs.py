"""Where the site writes what went wrong: stderr and `$NPRZ_DATA_DIR/log/nprz.log`.

Server errors (logger `django.request`, with their traceback), security warnings
(`django.security`: a foreign Host header, a failed CSRF check), and the site's own records
(`nprz`: who changed which user, which login got blocked). A 404 or 400 is the visitor's
mistake, not ours, and is not written down.

Several gunicorn workers write the same file. A plain RotatingFileHandler per process would
rotate it under the others' feet (they keep writing into the renamed file, and rotate it
again); this handler takes a lock file around every write and reopens the file when another
process has rotated it.
"""

from __future__ import annotations

import fcntl
import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

LOG_FILE = Path("log") / "nprz.log"
MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 5


class SharedRotatingFileHandler(RotatingFileHandler):
    """A RotatingFileHandler that several processes may share; makes its folder when it
    first has something to write."""

    def emit(self, record: logging.LogRecord) -> None:
        folder = Path(self.baseFilename).parent
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / (Path(self.baseFilename).name + ".lock")).open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                self._reopen_if_rotated()
                super().emit(record)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _reopen_if_rotated(self) -> None:
        if self.stream is None:
            return
        try:
            current = os.stat(self.baseFilename)  # noqa: PTH116
        except FileNotFoundError:
            current = None
        opened = os.fstat(self.stream.fileno())
        if current is None or (current.st_dev, current.st_ino) != (opened.st_dev, opened.st_ino):
            self.stream.close()
            self.stream = self._open()


def logging_settings(data_dir: Path) -> dict[str, Any]:
    """Django's LOGGING: the records named above to stderr and to the file in `data_dir`."""
    handlers = ["stderr", "file"]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
        },
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
            "file": {
                "class": "nprz.site.logs.SharedRotatingFileHandler",
                "filename": str(data_dir / LOG_FILE),
                "maxBytes": MAX_BYTES,
                "backupCount": BACKUPS,
                "encoding": "utf-8",
                "delay": True,  # no file until there is something to write
                "formatter": "plain",
            },
        },
        "loggers": {
            "django": {"handlers": handlers, "level": "WARNING", "propagate": False},
            "django.request": {"handlers": handlers, "level": "ERROR", "propagate": False},
            "django.security": {"handlers": handlers, "level": "WARNING", "propagate": False},
            "nprz": {"handlers": handlers, "level": "INFO", "propagate": False},
        },
    }
