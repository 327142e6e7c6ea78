"""The JSON answer contract that the CLI, the web API and the evals share (see the README).

Fields may be added; none is renamed or removed, so a user's script keeps working.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Citation:
    n: int
    doc_id: str
    title: str
    source: str  # the article file, relative to the working directory when it lies below it
    start: int
    end: int
    text: str  # Path(source).read_text(encoding="utf-8")[start:end], exactly
    score: float


@dataclass
class Answer:
    question: str
    search_query: str
    answer: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    notices: list[dict] = field(default_factory=list)  # {"kind": "urgent"|"see_clinician"|"dosing"|"disclaimer", "text"}
    timings_ms: dict = field(default_factory=dict)
    # Why a refused answer was refused (which check decided, and any words the articles don't use); None otherwise.
    refusal_reason: str | None = None
    # Who wrote the answer: "extractive" (quotes only) or the name of the language model (--llm).
    answerer: str = "extractive"
    # Each sentence the model wrote, judged against the passages it cites (bot.support): {"text", "supported",
    # "reason", "citations"}; `answer` keeps only the supported ones. Empty for a quoted answer.
    sentences: list[dict] = field(default_factory=list)
    # Why a model was asked but the answer is quoted after all (a refused connection, nothing supported…).
    fallback_reason: str | None = None

    def to_dict(self) -> dict:
        """The JSON answer contract shared by the CLI, the web API and the evals."""
        return asdict(self)
