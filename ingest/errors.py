"""The project's errors: each message says what went wrong and what to do about it."""


class TwitchqaError(Exception):
    """Base error; the CLI prints its message as one line and exits non-zero."""


class ArticleError(TwitchqaError):
    """An article file cannot be used (unreadable, empty or malformed)."""

    def __init__(self, path, reason: str):
        self.path = path
        super().__init__(f"{path}: {reason}")


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
