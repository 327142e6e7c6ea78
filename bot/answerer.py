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
    answerer: str = "extractive"  # who wrote the text: "extractive" (quotes) or the language model's name
    # Each sentence a model wrote, judged against what it cites (bot.support): {"text", "supported",
    # "reason", "citations"}; the answer keeps the supported ones. Empty for a quoted answer.
    sentences: list[dict] = field(default_factory=list)
    fallback_reason: str | None = None  # why a model was asked but the answer is quoted after all


class Answerer(Protocol):
    """Writes a draft answer from the evidence."""

    name: str

    def answer(self, evidence: Evidence) -> Draft: ...
