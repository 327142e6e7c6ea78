"""The project's errors: each message says what went wrong and what to do about it."""

import textwrap


def printable(text) -> str:
    r"""`text` with each character a terminal would act on (newline, tab, escape) written as Python writes it.

    A file named `line\nbreak.md` printed its source on two lines, and an error naming it was two lines (drill28);
    a name holding an escape sequence could recolour or rewrite the user's terminal.

    Example:

    >>> printable("corpus/line\nbreak.md"), printable("café\x1b[2J.md")
    ('corpus/line\\nbreak.md', 'café\\x1b[2J.md')
    """
    text = str(text)
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class TwitchqaError(Exception):
    """Base error; the CLI prints its message as one line and exits non-zero."""


class ArticleError(TwitchqaError):
    """An article file cannot be used (unreadable, empty or malformed)."""

    def __init__(self, path, reason: str):
        self.path = path
        super().__init__(f"{printable(path)}: {reason}")


class IndexMissing(TwitchqaError):
    """No finished index in the data directory."""


class IndexMismatch(TwitchqaError):
    """The index was built with another model or schema, or from other article text."""


class IndexBusy(TwitchqaError):
    """Another process is writing the index."""


class QuestionError(TwitchqaError):
    """A question that cannot be answered as asked (empty, too long)."""


class SettingsError(TwitchqaError):
    """A flag or TWITCHQA_* variable that can't be used (a port that isn't a number, a home under a file)."""


class StoreUnreachable(TwitchqaError):
    """The Chroma server holding the index does not answer (down, unreachable, or too slow)."""


def short_reason(exc: Exception, width: int = 160) -> str:
    """The first line of `exc`, cut at a word with " …": cut at 120 characters, Chroma's reason ended "database or
    disk is f)" (drill31).

    >>> short_reason(RuntimeError("Database error: error returned from database: (code: 13) database or disk is full"), 60)
    'RuntimeError: Database error: error returned from …'
    >>> short_reason(OSError("short"))
    'OSError: short'
    """
    return textwrap.shorten(f"{type(exc).__name__}: {exc}".splitlines()[0], width, placeholder=" …")
