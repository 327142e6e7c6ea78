"""Verification: the last stage before an answer is returned. Does the draft give what was asked?

"How long do people live after an ALS diagnosis?": claims about ALS that give no span of time are
close to the question but don't answer it, so the answer is refused instead.
"""
from __future__ import annotations

import re

from bot.answerable import ANSWER, Decision
from bot.answerer import Draft

# "How long…", "How many…", "How much water…" ask for an amount ("How much does stress matter?" doesn't).
ASKS_AMOUNT = re.compile(r"\bhow (?:long|many|much "
                         r"(?!(?:does|do|did|is|are|was|can|could|will|would|should|has|have)\b))", re.IGNORECASE)
AMOUNT = re.compile(r"\b(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|few|several|"
                    r"dozen|half|seconds?|minutes?|hours?|days?|weeks?|months?|years?|percent|daily|nightly)\b",
                    re.IGNORECASE)
FOOTNOTE = re.compile(r"(?<=[^\s\d])\d+\b")  # "…mundane reasons.1": a reference number, not an amount


def verify(query: str, draft: Draft) -> Decision:
    """Answer with the draft, or refuse when it doesn't give the amount the query asks for."""
    if ASKS_AMOUNT.search(query) and not any(states_amount(statement) for statement in draft.statements):
        return Decision(False, "asks for an amount that no quoted claim gives")
    return ANSWER


def states_amount(text: str) -> bool:
    """Whether the text gives a number, a count or a span of time ("7–9 hours", "two weeks", "daily").

    >>> states_amount("Sleep 7–9 hours a night."), states_amount("It is one of the reasons.1")
    (True, True)
    >>> states_amount("Stress is a common cause.2")
    False
    """
    return bool(AMOUNT.search(FOOTNOTE.sub("", text)))
