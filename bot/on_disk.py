"""Whether an article's file still holds the text that was indexed, read again only when its file may have changed.

Every answer checks the files it quotes (bot.follow.quotes_the_files_as_they_are): reading and comparing each was
~40 us an article (five articles, three quoted: 0.125 CPU-ms an ask, ~1% of it; at 1,000 articles an answer quotes
up to ~11). A file found to hold the indexed text is not read again while its status (inode, size, modification and
change times, in ns) stays as it was then. As git does with a "racy" index entry, a file whose times are not at least
RACY before the moment it was read is trusted for no later question: timestamps are coarse (a few ms on Linux), so an
edit right after that read could keep them; one made later moves at least the change time, which no tool sets back.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

RACY = 2_000_000_000  # ns: older than any file system's timestamp granularity (FAT's 2 s the coarsest)


class OnDisk:
    """path -> the status of its file when it last held the text indexed (kept only when not racy)."""

    def __init__(self):
        self.verified: dict[Path, tuple[int, int, int, int]] = {}

    def holds(self, path: Path, text: str) -> bool:
        """Whether the file at `path` holds exactly `text` (False when it can't be read)."""
        try:
            status = os.stat(path)
        except OSError:
            return False
        key = (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
        if self.verified.get(path) == key:
            return True
        self.verified.pop(path, None)
        now = time.time_ns()
        try:
            same = path.read_text(encoding="utf-8") == text
        except (OSError, UnicodeDecodeError):
            return False
        if same and now - max(status.st_mtime_ns, status.st_ctime_ns) >= RACY:
            self.verified[path] = key
        return same
