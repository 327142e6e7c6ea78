"""A written answer cut into sentences, each with the passage numbers it cites ("[1]", "[2][3]").

    >>> [s.cites for s in split_sentences("Caffeine can cause twitching [1]. So can stress. [2][3] Why?")]
    [(1,), (2, 3), ()]
    >>> split_sentences('It is the “fight or flight response.” [2]. More')[0].cites
    (2,)
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MARKERS = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")  # "[2]", "[1, 3]"
# Where a sentence ends: a stop (with any closing quote), then its markers, then a space or the end. A
# stop inside a number ("3.5") is followed by a digit, not a space.
SENTENCE_END = re.compile(r"[.!?]+[\"”’)]*(?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\])*[.!?]*(?=\s|$)")
BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")  # a list item's bullet: "- ", "2. "


@dataclass(frozen=True)
class Sentence:
    text: str  # as written, without its [n] markers
    cites: tuple[int, ...]  # the passage numbers it names, in order
    # (text, cites) of each part that ends in its own markers, when markers stand inside the sentence too ("X [2],
    # and Y [1]."); empty otherwise.
    parts: tuple[tuple[str, tuple[int, ...]], ...] = ()


def parts_of(piece: str) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """The parts of a sentence that each end in markers, when it has markers inside it, with what they cite.

    >>> parts_of("Sleep loss can overstimulate nerves [2], and eyelid twitching is common [1].")
    (('Sleep loss can overstimulate nerves', (2,)), (', and eyelid twitching is common', (1,)))
    >>> parts_of("Sleep loss can overstimulate nerves [1][2].")
    ()
    """
    out, start = [], 0
    for m in re.finditer(r"(?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\])+", piece):
        text = piece[start:m.start()].strip()
        if text.strip(".!?\"”’) "):
            out.append((text, tuple(dict.fromkeys(int(n) for n in re.findall(r"\d+", m.group(0))))))
        start = m.end()
    return tuple(out) if len(out) > 1 and len({c for _, c in out}) > 1 else ()


def carry_citations(sentences: list[Sentence]) -> list[Sentence]:
    """A citation ending a run of sentences covers the run ("X. Y. [1]"): an uncited sentence takes the
    citations of the next one that cites, and is then checked against them like any other.

    >>> [s.cites for s in carry_citations(split_sentences("A. B [1]. C [2]. D."))]
    [(1,), (1,), (2,), ()]
    """
    out, following = [], ()
    for sentence in reversed(sentences):
        following = sentence.cites or following
        out.append(sentence if sentence.cites else Sentence(sentence.text, following))
    return out[::-1]


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of a written answer, each with the passage numbers it cites (list items are sentences)."""
    out = []
    for line in text.splitlines():
        line = BULLET.sub("", line)
        start = 0
        for end in [m.end() for m in SENTENCE_END.finditer(line)] + [len(line)]:
            piece = line[start:end].strip()
            start = end
            if piece:
                cites = tuple(dict.fromkeys(int(n) for group in MARKERS.findall(piece)
                                            for n in re.split(r"\s*[,;]\s*", group)))
                plain = " ".join(MARKERS.sub(" ", piece).split())
                plain = re.sub(r"\s+([.!?,;:])", r"\1", plain)  # "twitching [1]." -> "twitching."
                plain = re.sub(r"([.!?][\"”’)]+)[.!?]+$", r"\1", plain)  # "response.” [2]." -> "response.”"
                if plain.strip(".!?\"”’) "):
                    out.append(Sentence(plain, cites, parts_of(piece)))
                elif cites and out:  # markers alone ("… response.” [2].") belong to the sentence before
                    out[-1] = Sentence(out[-1].text, tuple(dict.fromkeys(out[-1].cites + cites)))
    return out


def cited_sentences(cited: str) -> list[str]:
    """The sentences of a cited text (a claim may hold several)."""
    return [s.text for s in split_sentences(cited)] or [cited]
