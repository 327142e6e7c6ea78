"""The answerer seam: given a question's evidence, write a draft answer that cites it.

Answerers only select (or write) and cite; whether to answer at all was decided before they run
(bot.answerable), and their draft is checked after (bot.verify). The extractive answerer
(bot.extractive) is the default; a language-model answerer plugs in here too.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from bot.contract import Citation
from bot.evidence import Evidence


@dataclass(frozen=True)
class Draft:
    text: str  # the answer, each statement followed by its [n] markers
    citations: list[Citation]  # every [n] in text names one; every one is used
    # What the draft states, one entry per quoted claim or written sentence, without markers or framing
    # ("Two of the articles say this:"): what verification reads.
    statements: list[str] = field(default_factory=list)


class Answerer(Protocol):
    """Writes a draft answer from the evidence."""

    name: str

    def answer(self, evidence: Evidence) -> Draft: ...
