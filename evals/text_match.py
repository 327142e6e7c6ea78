"""How answer text is compared with facts and quotes: normalising, claim units, fact matching, quote offsets.

Example: `contains("Stress – and caffeine [1]", "stress - and")` is True (case, dashes and spaces folded).
"""
from __future__ import annotations

import re
from functools import lru_cache

DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"} |
                       {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
MARKERS = re.compile(r"\s*(?:\[\d+\])+")
UNIT = re.compile(r"(.+?)\s*((?:\[\d+\])+)", re.DOTALL)
MARKER_NUMBER = re.compile(r"\[(\d+)\]")
WORD = re.compile(r"[^\W_]+")
STOPWORDS = frozenset(
    "a an the and or but of to in on at for with by from as into than then so such is are was were be been "
    "being it its this that these those there their they them he she his her you your we our i my me can "
    "could may might will would should do does did has have had also which who whom what when where how "
    "if about over very more most some any".split()
)


def normalize(text: str) -> str:
    """Example:

    >>> normalize("Stress  –  and\\nCaffeine")
    'stress - and caffeine'
    """
    return " ".join(text.lower().translate(DASHES).split())


def tight(text: str) -> str:
    """Example:

    >>> tight("3.5 - 5 mmol/L")
    '3.5-5 mmol/l'
    """
    return re.sub(r"\s*-\s*", "-", normalize(text))


def contains(haystack: str, needle: str) -> bool:
    """Whether needle is in haystack once both are normalised (with or without spaces around '-')."""
    needle_n = normalize(needle)
    return bool(needle_n) and (needle_n in normalize(haystack) or tight(needle) in tight(haystack))


def strip_markers(text: str) -> str:
    """Example:

    >>> strip_markers("Stress can cause it. [1][2]")
    'Stress can cause it.'
    """
    return MARKERS.sub("", text).strip()


def claim_units(answer: str) -> list[tuple[str, list[int]]]:
    """Example:

    >>> claim_units("A. [1] B. [2][3] C.")
    [('A.', [1]), ('B.', [2, 3]), ('C.', [])]
    """
    units, end = [], 0
    for match in UNIT.finditer(answer):
        text = strip_markers(match.group(1))
        if text:
            units.append((text, [int(n) for n in MARKER_NUMBER.findall(match.group(2))]))
        end = match.end()
    if answer[end:].strip():
        units.append((answer[end:].strip(), []))  # text after the last marker is uncited
    return units


def content_words(text: str) -> set[str]:
    """Example:

    >>> sorted(content_words("Stress is a cause of twitching"))
    ['cause', 'stress', 'twitching']
    """
    return {w for w in WORD.findall(text.lower().translate(DASHES)) if w not in STOPWORDS}


def answer_words(answer: str) -> int:
    """Words in an answer, citation markers not counted."""
    return len(strip_markers(MARKER_NUMBER.sub(" ", answer)).split())


def missing_facts(answer: str, facts: list[list[str]]) -> list[list[str]]:
    """The facts none of whose accepted variants appears in the answer."""
    text = strip_markers(MARKER_NUMBER.sub(" ", answer))
    return [fact for fact in facts if not any(contains(text, variant) for variant in fact)]


@lru_cache(maxsize=256)
def _normalized_with_offsets(text: str) -> tuple[str, tuple[int, ...]]:
    # normalize() that also keeps, for every output character, the index of the input character
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text.translate(DASHES)):
        if char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                where.append(index)
            continue
        for lowered in char.lower():
            out.append(lowered)
            where.append(index)
    return "".join(out), tuple(where)


@lru_cache(maxsize=4096)
def quote_spans(file_text: str, quote: str) -> tuple[tuple[int, int], ...]:
    """Every [start, end) in file_text where the quote occurs, compared normalised."""
    haystack, where = _normalized_with_offsets(file_text)
    needle = normalize(quote)
    spans, at = [], haystack.find(needle) if needle else -1
    while at >= 0:
        spans.append((where[at], where[at + len(needle) - 1] + 1))
        at = haystack.find(needle, at + 1)
    return tuple(spans)
