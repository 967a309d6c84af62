"""Logging filters: what an operator reads in the console.

Django logs every refused request (``PermissionDenied``) on ``django.request`` with the full
traceback. A 403 is the system working as designed, so it becomes one line (method, path, status)
and the traceback is kept for real errors only.
"""

from __future__ import annotations

import logging


class OneLineForbidden(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
