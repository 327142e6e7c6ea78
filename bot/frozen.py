"""A process that keeps one Bot keeps what `Bot.open` built out of the cyclic garbage collector's view.

CPython's full collections walk every tracked object; a Bot at 1,000 articles holds so many (the library's rows,
claims and their caches) that each full collection took ~100 CPU-ms, 3 of them in 170 gold questions, 314 ms
together, all on the slow tail (warm29, `gc.callbacks`, load ~15). `gc.freeze()` after the open moves those
objects to the permanent generation: reference counting still frees them, only the cycle search skips them.

It is process-wide, so only an entry point that holds one Bot for its life calls `hold()` (ask, chat, serve,
eval, the bench's worker), not code that opens bots in turn. A running bot that swaps to a newer index
(bot.pipeline.Bot.switch_to_newest) does it inside `released()`: the frozen objects go back under the
collector before the swap, so the old library's cycles are freed, and after it a full collection runs and what
is left (the new library) is frozen again. `settle()` freezes once more after the first answer on an index
(Bot.ask calls it; it does nothing in a process that did not hold its bot).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager

_held = False  # whether this process froze a Bot (hold); released() does nothing otherwise
_settled = False  # whether the first answer on the index held now was given, and what it made frozen (settle)


def hold() -> None:
    """Freeze what exists now (call it right after `Bot.open`, in a process that keeps that one Bot).

    No collection first: at 1,000 articles one costs ~100 ms on every cold `ask`, and what a collection would
    free here is the garbage cycles of one open, small next to the library; gc.freeze() itself only links lists.
    """
    global _held
    gc.freeze()
    _held = True


def settle() -> None:
    """After a held bot's first answer on its index: freeze again, taking in what that answer made once per index.

    The first answer makes what no later question makes again (every article's source lines, the case studies'
    words: the first gold question took 240-310 CPU-ms at 1,000 articles, a later one ~14), and with it in the collector's view the 170 gold questions still ran 3 full
    collections, 150-170 CPU-ms together; frozen after the first question as well, 2 of 42-46 ms, and the p99 of a
    question 78-85 -> 58-68 CPU-ms (/tmp/warm30-tools/gcprobe.py, 1,000 articles, 2 rounds, load 4-6). A young
    collection first (a millisecond or so), so that the question's own short-lived cycles are not frozen for good.
    """
    global _settled
    if _held and not _settled:
        _settled = True
        gc.collect(1)
        gc.freeze()


def let_go() -> None:
    """Undo hold(): for a test process that ran an entry point holding its bot, so later tests collect as usual."""
    global _held, _settled
    gc.unfreeze()
    _held = _settled = False


@contextmanager
def released():
    """Around a swap of a held bot's index: unfrozen before it, collected and frozen again after it."""
    global _settled
    if not _held:
        yield
        return
    gc.unfreeze()
    try:
        yield
    finally:
        gc.collect()  # the old library's cycles, before what remains is frozen for good
        gc.freeze()
        _settled = False  # the new index's first answer makes its own once-per-index parts
