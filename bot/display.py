"""How a quote reads in the answer's running prose: the articles' Markdown lines (a byline, a list item, a table
cell) shown as sentences. Only the displayed text changes; each citation keeps the exact characters and offsets.

The blind judges of batches ak and am named "leftover formatting" in answers that showed these (display38): a
byline's dash ("-Dr. Jun Kimura Father of Electrodiagnostic Neurology"), two lines run into one with no stop
between them, a list item shown without its stop ("…and tetany [1] Magnesium helps…"), and a list's lead-in cut
off before one item that names itself ("Here are the most frequent triggers: … Stress and anxiety: …").
tests/test_display.py runs each rule's table of examples.
"""
from __future__ import annotations

import re

# A list item that names itself: a short label, a colon, and a sentence of its own ending in a stop ("Stress and
# anxiety: Elevated cortisol levels increase nerve excitability…", "Medication side effects: Certain drugs…"). Its
# label says what it is; its list's lead-in ("Here are the most frequent triggers:") only announces a list the
# answer does not show. In the 2,208 judged answers, 28 showed such an item without its lead-in and no judge named a
# fragment in them; of 257 showing it after "Here are the most frequent triggers: …" (or "Diagnostic tools may
# include: …") 23 were named a dangling lead-in or list fragment, 14 of the 40 of batches ak and am (display38).
# Not "Twitching that lasts longer than two weeks without improvement" (no label: it needs "consult a neurologist
# if:"), nor "Causes include: poor diet" (what follows the colon is no sentence).
LABELLED_ITEM = re.compile(r"^[A-Z][^.:;!?…“”]{1,60}:\s+\S+(?:\s+\S+){3,}[^:]*[.!?][”\"’)]?$")
# How a sentence shown in running prose ends: a stop, a closing mark after one, an ellipsis.
STOPPED = re.compile(r"(?:[.!?…]|[.!?][”\"’)\]]|[”\"’])\s*$")
# A byline's dash glued to the name at a line's start ("-Dr. Jun Kimura"): Markdown makes a list item only of a
# marker followed by a space, so this one is the writer's attribution dash, not a bullet.
BYLINE_DASH = re.compile(r"^[-–—](?=[A-Z])")
# Two lines of the article where the first ends in a word and the next opens with one (after a list marker):
# a heading, a byline or a list item with no stop of its own, which a space alone would run into the next line.
LINE_BREAK = re.compile(r"(\w)[ \t]*\n\s*([-*+•][ \t]+|\d{1,3}[.)][ \t]+)?(?=\w)")


def names_itself(item: str) -> bool:
    """Whether a list item is a label and a sentence of its own (LABELLED_ITEM): it reads without its lead-in.

    >>> names_itself("Stress and anxiety: Elevated cortisol levels increase nerve excitability, making muscles more prone.")
    True
    >>> names_itself("Twitching that lasts longer than two weeks without improvement"), names_itself("Causes: poor diet")
    (False, False)
    """
    return bool(LABELLED_ITEM.match(" ".join(item.split())))


def stopped(text: str) -> str:
    """A quote shown as a sentence, with a stop when its article gives it none (a list item, a table cell).

    >>> stopped("Hypomagnesemia (low magnesium levels) can cause muscle spasms, weakness, and tetany")
    'Hypomagnesemia (low magnesium levels) can cause muscle spasms, weakness, and tetany.'
    >>> stopped("…it’s worth getting checked.”"), stopped("Here are the most frequent triggers:")
    ('…it’s worth getting checked.”', 'Here are the most frequent triggers:')
    """
    text = text.rstrip()
    return text if not text or STOPPED.search(text) or text.endswith(":") else f"{text}."


def as_prose(shown: str, raw: str) -> str:
    """The shown quote with the line structure of its article span `raw` kept as punctuation: a byline's dash at its
    start dropped, and a line that ends in a word set off from the next by a comma (or, before a list item, a
    semicolon) where the shown text runs the two together with a space.

    >>> as_prose("-Dr. Jun Kimura Father of Electrodiagnostic Neurology", "-Dr. Jun Kimura\\n\\nFather of Electrodiagnostic Neurology")
    'Dr. Jun Kimura, Father of Electrodiagnostic Neurology'
    >>> as_prose("Nervous System, 2020 Neurologic manifestations", "Nervous System, 2020\\n- Neurologic manifestations")
    'Nervous System, 2020; Neurologic manifestations'
    >>> as_prose("Causes include: poor diet; diarrhea", "Causes include:\\n\\n- poor diet\\n- diarrhea")
    'Causes include: poor diet; diarrhea'
    """
    out = BYLINE_DASH.sub("", shown) if BYLINE_DASH.match(raw.lstrip()) else shown
    for match in LINE_BREAK.finditer(raw):
        before = raw[:match.start(1) + 1].split()[-1]
        after = raw[match.end():].split()[0]
        joined = f"{before} {after}"
        if joined in out:
            out = out.replace(joined, f"{before}{';' if match.group(2) else ','} {after}", 1)
    return out
