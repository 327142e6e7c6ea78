"""A running Bot follows the index: it switches to a newly finished one between questions, all at once,
and never quotes an article file that changed since it was indexed.

An ingest builds the next generation of the index beside the served one and then replaces the
manifest (ingest.manifest). Before each question the bot stats the manifest (2-20 µs; a Chroma read
would cost milliseconds); when it was replaced, a background thread loads the new generation while the
old one keeps answering, then every index-derived part of the bot is swapped in one step while no
question is in flight. A question so runs on one generation from start to end: old answers until the
new index is complete, never a mix. If the generation a bot reads was removed (two ingests finished
since it loaded), its question is answered again on the newest one.

Between an article's edit and the ingest that indexes it, the offsets the bot holds no longer point
into the file: an answer quoting that article is refused, naming the article and the fix.
"""
from __future__ import annotations

import dataclasses
import functools
import sys
import threading
from contextlib import contextmanager

from bot.contract import Answer
from ingest.errors import TwitchqaError
from ingest.store import GenerationGone


class Follow:
    """Per bot: the guard between questions and a swap, and the loader of a newer index."""

    def __init__(self):
        self._state = threading.Condition()
        self._readers = 0
        self._swapping = False
        self._local = threading.local()  # this thread's depth of nested index-reading calls
        self._loader: threading.Thread | None = None
        self.failed_stamp = None  # the manifest a load failed on: not retried until it changes again

    def reading_now(self) -> bool:
        return getattr(self._local, "depth", 0) > 0

    @contextmanager
    def reading(self):
        """Held by a question for as long as it reads the index; a swap waits for it to finish."""
        with self._state:
            self._state.wait_for(lambda: not self._swapping)
            self._readers += 1
        self._local.depth = getattr(self._local, "depth", 0) + 1
        try:
            yield
        finally:
            self._local.depth -= 1
            with self._state:
                self._readers -= 1
                self._state.notify_all()

    @contextmanager
    def swapping(self):
        """Held while the bot's index-derived parts are replaced: no question is in flight."""
        with self._state:
            self._state.wait_for(lambda: not self._swapping)
            self._swapping = True  # questions arriving now wait, so a swap is never starved
            self._state.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._state:
                self._swapping = False
                self._state.notify_all()

    def load(self, switch, wait: bool) -> None:
        """Run `switch()` (load the new index and swap it in) in the background, or now when `wait`."""
        with self._state:
            loader = self._loader if self._loader is not None and self._loader.is_alive() else None
            if loader is None and not wait:
                self._loader = threading.Thread(target=self._quietly, args=(switch,), daemon=True,
                                                name="twitchqa-index-loader")
                self._loader.start()
        if wait:
            if loader is not None:
                loader.join()
            switch()

    def _quietly(self, switch) -> None:
        try:
            switch()
        except TwitchqaError as exc:  # the old index keeps answering; say why once
            print(f"twitchqa: kept the index loaded before: {exc}", file=sys.stderr, flush=True)


def reads_the_index(method):
    """A Bot method that reads the index runs on one generation of it, the newest one finished by the
    time it starts (or, while that one loads in the background, the one before)."""

    @functools.wraps(method)
    def on_one_index(bot, *args, **kwargs):
        if bot.follow.reading_now():  # called from another such method: already on one index
            return method(bot, *args, **kwargs)
        bot.follow_index()
        try:
            with bot.follow.reading():
                return method(bot, *args, **kwargs)
        except GenerationGone:  # removed by a newer ingest since it was loaded: answer on the newest
            bot.follow_index(wait=True)
            with bot.follow.reading():
                return method(bot, *args, **kwargs)

    return on_one_index


def quotes_the_files_as_they_are(ask):
    """An answer never quotes an article whose file changed since it was indexed: it is refused instead."""

    @functools.wraps(ask)
    def checked(bot, *args, **kwargs):
        answer = ask(bot, *args, **kwargs)
        changed = bot.library.changed_on_disk(c.doc_id for c in answer.citations)
        return article_changed(answer, [bot.library.articles[d] for d in changed]) if changed else answer

    return checked


def article_changed(answer: Answer, articles: list) -> Answer:
    """The answer refused, its notices kept: the articles it quoted were edited after they were indexed."""
    titles = " and ".join(f"“{a.title}”" for a in articles)
    return dataclasses.replace(
        answer, refused=True, citations=[],
        answer=f"The article {titles} was edited after it was indexed, so it can't be quoted exactly until the "
               f"index is updated (`twitchqa ingest`). Please ask again once that has run.",
        refusal_reason="article changed since indexing: " + ", ".join(str(a.path) for a in articles))
