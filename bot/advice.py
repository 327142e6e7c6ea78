"""Advice: what a sentence tells its reader to do, allowed only where its cited text advises or instructs the same."""
from __future__ import annotations

import re

from bot.clauses import content, tokens
from bot.text import stem

# Advice: what a reader is told to do. A sentence may advise only where its cited text does.
# "Evaluation is important" advises as "should be evaluated" does.
ADVICE = re.compile(r"\b(?:should|must|ought|need to|needs to|have to|has to|recommend\w*|advis\w*|best to|"
                    r"make sure|avoid|(?:is|are) (?:important|essential|necessary|a good idea))\b", re.IGNORECASE)
LEAD_INS = {"to", "you", "also", "then", "try", "first", "just", "really", "always", "be", "a", "the"}  # "should [also] take"
# Where an instruction starts: a line, a sentence, after a label ("Stay hydrated: [Drink] water …"), or after the
# condition it answers ("If you experience any of the following, [consult] a neurologist:").
INSTRUCTION = re.compile(r"(?:(?:^|[.:;!?]\s+)\W*(?:if|when|whenever)\b[^.:;!?]{0,120}?,\s+|^|[.:;!?]\s+)\W*([A-Za-z]+)",
                         re.IGNORECASE)


def advises(text: str, cited: str) -> str | None:
    """The advice a sentence gives where its cited text neither advises nor tells the reader to do the same
    thing (an instruction starting with the advised verb), or None.

    >>> advises("You should stop exercising until it goes away.", "When a person exercises, they may twitch.")
    'should stop'
    >>> advises("You should drink water through the day.", "Stay hydrated: Drink water throughout the day.") is None
    True
    >>> advises("It is a sign for which you should consult a neurologist.", "If you have it, consult a neurologist:") is None
    True
    >>> advises("No, moderate exercise is recommended.", "exercising moderately, with proper warmups") is None
    True
    """
    found = ADVICE.search(text)
    if not found or ADVICE.search(cited):
        return None
    advice = found.group(0)
    after = [w for w in tokens(text[found.end():]) if w[0].isalpha() and w.lower() not in LEAD_INS]
    verb = advice if advice.lower() == "avoid" or not after else after[0]
    told = {stem(m.group(1).lower()) for m in INSTRUCTION.finditer(cited)}
    if stem(verb.lower()) in told:
        return None
    if not after:  # "moderate exercise is recommended": what is advised comes before
        subject = re.split(r"[.;:,!?]", text[:found.start()])[-1]
        if {stem(w.lower()) for w in tokens(subject) if content(w)} & told:
            return None
    return advice if verb is advice else f"{advice} {verb}"
