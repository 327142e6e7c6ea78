"""Numbers, codes, units and dose words: every one a written sentence states must be in the text it cites.

"Take 400 mg of magnesium daily [1]" against a passage that gives no amount is unsupported however close its
meaning: a model may not add an amount, a unit or a time span.
"""
from __future__ import annotations

import re

# A number with what it counts: "400", "3.5", "2,000" (as "2000"), "B12", "D3".
NUMBER = re.compile(r"[a-zµ]*\d+(?:\.\d+)?")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "sixty": 60, "hundred": 100, "thousand": 1000}
# A number word counts as a number when it counts something measured ("two weeks", "seven hours"), not
# in "one of the causes".
COUNTED = (r"(?=\s+(?:or more\s+|to\s+\w+\s+)?(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|"
           r"times?|percent|milligrams?|micrograms?|grams?|cups?|glasses?|servings?|doses?|tablets?|pills?)\b)")
SPELLED = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")\b" + COUNTED)
# Units and dose words: each one a sentence uses must be in the cited text.
UNIT = re.compile(r"(?<![a-z])(?:mg|mcg|µg|ug|kg|g|iu|mmol|µmol|umol|meq|ml|dl|l|milligrams?|micrograms?|grams?|"
                  r"international units?|units?|percent|%|doses?|dosages?|tablets?|capsules?|pills?|liters?|litres?|"
                  r"seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?)(?![a-z])")
PER = {"daily": "day", "nightly": "night", "hourly": "hour", "weekly": "week", "monthly": "month", "yearly": "year"}


def numbers(text: str) -> set[str]:
    """The numbers and codes a text states, normalized.

    >>> sorted(numbers("Normal Range: 3.5–5 mmol/L; take 2,000 IU of vitamin D3 for two weeks, or B12."))
    ['2', '2000', '3.5', '5', 'b12', 'd3']
    >>> numbers("It is one of the most common causes.")
    set()
    """
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text.lower())
    text = SPELLED.sub(lambda m: str(NUMBER_WORDS[m.group(1)]), text)
    return {n.rstrip(".") for n in NUMBER.findall(text)}


RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)")
# A value put outside a range, or denied inside it, is a claim about the value the range does not make.
OUTSIDE = re.compile(r"\b(?:outside|beyond|above|below|over|under|exceeds?|not|isn't|aren't|abnormal|too)\b", re.IGNORECASE)


def within_range(text: str, cited: str) -> set[str]:
    """The sentence's numbers that lie inside a range both it and the cited text state, when it puts none of them
    outside: "25 mEq/L falls inside the 21-28 mEq/L range" where the passage gives 21-28 mEq/L.

    >>> within_range("Yes, 25 mEq/L falls inside the 21-28 mEq/L normal range.", "Normal Range: 21-28 mEq/L")
    {'25'}
    >>> within_range("25 mEq/L is above the 21-28 mEq/L range.", "Normal Range: 21-28 mEq/L"), within_range("25", "21-28")
    (set(), set())
    """
    theirs = {m.groups() for m in RANGE.finditer(cited)}
    ranges = [(float(a), float(b)) for a, b in (m.groups() for m in RANGE.finditer(text)) if (a, b) in theirs]
    if not ranges or OUTSIDE.search(text):
        return set()
    return {n for n in numbers(text) - numbers(cited) if re.fullmatch(r"\d+(?:\.\d+)?", n)
            and any(low <= float(n) <= high for low, high in ranges)}


def units(text: str, measured: bool = True) -> set[str]:
    """Unit and dose words, singular: {"mg", "dose"}. "Daily" is "a day" when it says how often something
    measured is taken ("400 mg daily", counted()); with `measured`, "the daily habits listed" says nothing
    measured (a cited text's every "daily" counts). A time noun always counts: "for weeks", "over a few days".

    >>> sorted(units("Take 400mg (two tablets) daily; 3.6 mmol/L is low"))
    ['day', 'l', 'mg', 'mmol', 'tablet']
    >>> units("One of the daily habits listed is drinking water."), units("It gets worse over a few days.")
    (set(), {'day'})
    """
    text = SPELLED.sub(lambda m: str(NUMBER_WORDS[m.group(1)]), text.lower())  # "two tablets", not "one of"
    text = re.sub(r"\b(?:" + "|".join(PER) + r")\b",
                  lambda m: PER[m.group(0)] if not measured or counted(text[:m.start()]) else " ", text)
    return {u.rstrip("s") if len(u) > 3 else u for u in UNIT.findall(text)}


def counted(before: str) -> bool:
    """Whether what follows comes within three words of a number: "400 mg [daily]", "two tablets [daily]"."""
    return bool(re.search(r"\d\b\W*(?:\w+\W+){0,3}$", before))



TIME = r"(seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?)"
# A span of time from one end to the other: "from a few seconds up until a few hours".
TIME_SPAN = re.compile(rf"\bfrom\b[^.;:]{{0,30}}?\b{TIME}\b[^.;:]{{0,12}}?\b(?:to|until|till|through)\b[^.;:]{{0,30}}?\b{TIME}\b",
                       re.IGNORECASE)


def time_spans(text: str) -> set[tuple[str, str]]:
    """The (from, to) units of every span of time a text gives, singular.

    >>> time_spans("It normally lasts from a few second up until a few hours at a time.")
    {('second', 'hour')}
    """
    return {tuple(u.lower().rstrip("s") for u in m.groups()) for m in TIME_SPAN.finditer(text)}


def new_span(text: str, cited: str) -> str | None:
    """A span of time the sentence gives with another end than every span the cited text gives, or None: "from a few
    seconds up to a few days" where it says "from a few second up until a few hours" (ws24-003, unsupported; the
    cited "one day" elsewhere let "days" through the unit check). A cited text that gives no span is left to it.

    >>> new_span("They last from a few seconds up to a few days.", "It lasts from a few second up until a few hours.")
    'gives a span from second to day where the cited text gives second to hour'
    >>> new_span("They last from seconds to hours.", "It lasts from a few second up until a few hours.")
    """
    theirs = time_spans(cited)
    extra = sorted(time_spans(text) - theirs)
    if not theirs or not extra:
        return None
    return f"gives a span from {extra[0][0]} to {extra[0][1]} where the cited text gives " + ", ".join(
        f"{a} to {b}" for a, b in sorted(theirs))


def new_amount(text: str, cited: str) -> str | None:
    """Why the text states a number or a unit its cited text does not, or None.

    >>> new_amount("Take 400 mg daily.", "Magnesium may help."), new_amount("It is 3.5 mmol/L.", "3.5 mmol/L")
    ('states 400, which the cited text does not', None)
    """
    extra = sorted(numbers(text) - numbers(cited) - within_range(text, cited))
    if extra:
        return f"states {', '.join(extra)}, which the cited text does not"
    extra = sorted(units(text) - units(cited, measured=False))
    if extra:
        return f"uses {', '.join(extra)}, which the cited text does not"
    return new_span(text, cited)
