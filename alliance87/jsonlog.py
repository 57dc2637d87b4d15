"""Production logs as JSON lines: one object per record, whatever the message or traceback holds.

A %-format template cannot escape quotes, backslashes or newlines in a message, and Django
appends tracebacks as raw lines, so a log shipper would drop or split such records.
"""

import json
import logging
from datetime import UTC, datetime


class JSONLinesFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        # json.dumps escapes newlines, so the record stays on one line.
        return json.dumps(entry, ensure_ascii=False, default=str)
