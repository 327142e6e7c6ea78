"""The warning signs a message denies ("no weakness", "not spreading"), found by the triage rules' table
(bot.triage_rules) and its negation cue, and the message without them, as the classifier (bot.triage)
reads it."""
from __future__ import annotations

import re
from functools import lru_cache

from bot.sign_context import NEGATED, normalise
from bot.triage_rules import RULES


def denials(text: str) -> list[tuple[int, int]]:
    """The [start, end) of each denied warning sign in the (normalised) text, from the negation cue to the
    end of the sign ("no weakness", "not weak", "without trying in 3 months"), as describes_sign reads a
    denial: a cue within 20 characters before the sign."""
    spans = set()
    for rule in RULES:
        if rule.kind != "see_clinician":
            continue
        for m in re.finditer(rule.pattern, text):
            window = max(0, m.start() - 20)
            cue = re.search(NEGATED, text[window:m.start()])
            if cue:
                spans.add((window + cue.start(), m.end()))
    return sorted(spans)


@lru_cache(maxsize=256)  # a message is read twice: its forward pass (bot.pipeline.Bot.ahead), then triage
def without_denied_signs(question: str) -> str:
    """The message as the classifier should read it: each denied warning sign ("there's no weakness at
    all", "not weak", "no spreading") taken out, so a sign's name in a denial doesn't read as the sign.
    The classifier reads meaning and word pieces, and a denial shares both with the sign: "my calf
    twitches but there's no weakness at all" scored over its `see_clinician` threshold, and teaching it
    denials with labelled examples cost recall (12 benign denials in the bank raised the threshold:
    see_clinician out of fold 0.987 -> 0.964, refuse4). A message denying nothing comes back as it was.

    Example: without_denied_signs("calf twitches but there's no weakness at all") -> "calf twitches but there's at all"
    """
    text = normalise(question)
    spans = denials(text)
    if not spans:
        return question
    kept, at = [], 0
    for start, end in spans:
        kept.append(text[at:max(start, at)])
        at = max(at, end)
    kept.append(text[at:])
    return re.sub(r"\s+", " ", " ".join(kept)).strip(" ,;")
