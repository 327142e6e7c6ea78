"""A process that keeps one Bot keeps what `Bot.open` built out of the cyclic garbage collector's view.

CPython's full collections walk every tracked object; a Bot at 1,000 articles holds so many (the library's rows,
claims and their caches) that each full collection took ~100 CPU-ms, 3 of them in 170 gold questions, 314 ms
together, all on the slow tail (warm29, `gc.callbacks`, load ~15). `gc.freeze()` after the open moves those
objects to the permanent generation: reference counting still frees them, only the cycle search skips them.

It is process-wide, so only an entry point that holds one Bot for its life calls `hold()` (ask, chat, serve,
eval, the bench's worker), not code that opens bots in turn. A running bot that swaps to a newer index
(bot.pipeline.Bot.switch_to_newest) does it inside `released()`: the frozen objects go back under the
collector before the swap, so the old library's cycles are freed, and after it a full collection runs and what
is left (the new library) is frozen again.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager

_held = False  # whether this process froze a Bot (hold); released() does nothing otherwise


def hold() -> None:
    """Freeze what exists now (call it right after `Bot.open`, in a process that keeps that one Bot).

    No collection first: at 1,000 articles one costs ~100 ms on every cold `ask`, and what a collection would
    free here is the garbage cycles of one open, small next to the library; gc.freeze() itself only links lists.
    """
    global _held
    gc.freeze()
    _held = True


def let_go() -> None:
    """Undo hold(): for a test process that ran an entry point holding its bot, so later tests collect as usual."""
    global _held
    gc.unfreeze()
    _held = False


@contextmanager
def released():
    """Around a swap of a held bot's index: unfrozen before it, collected and frozen again after it."""
    if not _held:
        yield
        return
    gc.unfreeze()
    try:
        yield
    finally:
        gc.collect()  # the old library's cycles, before what remains is frozen for good
        gc.freeze()
