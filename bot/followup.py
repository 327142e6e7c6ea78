"""Turn a follow-up question into a standalone search query using the conversation, without an LLM.

"What level defines it?" after "Can low potassium cause twitching?" searches for both: the
earlier question supplies the subject the pronoun stands for. A question that already names its
own subject is searched as it is.
"""
from __future__ import annotations

import re

from bot.text import terms

ANAPHORA = re.compile(r"\b(it|its|that|this|those|these|they|them|their|there|such|one|ones|he|she|him|her)\b")
CONTINUATION = re.compile(r"^\s*(and|also|so|but|what about|how about|what else|anything else|why|how|which|more)\b")
GENERIC = {"twitch", "muscl", "fascicul", "caus", "normal", "level", "defin", "long", "bad", "food", "contain",
           "help", "treat", "happen", "sign", "serious", "worri", "mean", "els", "type", "common"}


def is_followup(question: str) -> bool:
    """A question leaning on earlier turns: it points back ("it", "that") or has no subject of its own."""
    text = question.lower()
    specific = [t for t in terms(question) if t not in GENERIC]
    if ANAPHORA.search(text) and len(specific) <= 2:
        return True
    return bool(CONTINUATION.match(text)) and not specific


def contextualize(question: str, history: list[dict] | None) -> str:
    """The search query for the question: the question, or the last user turn plus the question."""
    earlier = [turn.get("content", "") for turn in (history or []) if turn.get("role") == "user"]
    earlier = [text.strip() for text in earlier if text and text.strip()]
    if not earlier or not is_followup(question):
        return question.strip()
    return f"{earlier[-1]} {question.strip()}"
