"""Turn a follow-up question into a standalone search query using the conversation, without an LLM.

"What level defines it?" after "Can low potassium cause twitching?" searches for both: the
earlier question supplies the subject the pronoun stands for. A question that already names its
own subject is searched as it is.
"""
from __future__ import annotations

import re

from bot.text import terms

ANAPHORA = re.compile(r"\b(it|its|that|this|those|these|they|them|their|there|such|one|ones|he|she|him|her)\b")
ASKED_OF_ANOTHER = re.compile(r"^\s*(and|what about|how about)\b")  # "And for magnesium?"
MARKER = re.compile(r"\s*\[\d+\]")  # the citation markers of a reply: "…twitching [1]."
REFUSED = "The articles don't "  # how every refusal the bot writes begins (bot.answerable)
# Words that frame a question rather than name its subject ("What level counts as low?").
GENERIC = {"twitch", "muscl", "fascicul", "caus", "normal", "level", "defin", "long", "bad", "food", "contain",
           "help", "treat", "happen", "sign", "serious", "worri", "mean", "els", "type", "common", "count",
           "low", "high", "usual", "last", "often", "much", "mani", "symptom", "good", "okay", "come", "back",
           "someth", "thing"}


def is_followup(question: str) -> bool:
    """A question leaning on earlier turns: it has no subject of its own, or it has a small one and
    points back ("What other symptoms does it cause?") or asks the earlier question of it ("And for magnesium?")."""
    text = question.lower()
    specific = [t for t in terms(question) if t not in GENERIC]
    if not specific:
        return True
    return len(specific) <= 2 and bool(ANAPHORA.search(text) or ASKED_OF_ANOTHER.match(text))


def readings(question: str, history: list[dict] | None) -> list[str]:
    """The ways to read the question as a search, most likely first: as it stands, and for a follow-up,
    glued to the last user turn the articles answered, then also to the reply that turn got, which is
    what "below what number" or "the second one" may point into ("What tests might they do?" → "A doctor
    may order blood tests, electromyography (EMG)…" → "What does the second one measure?")."""
    turns = [t for t in (history or []) if (t.get("content") or "").strip()]
    exchanges = [(turn["content"].strip(), reply["content"].strip() if reply.get("role") == "assistant" else "")
                 for turn, reply in zip(turns, turns[1:] + [{}]) if turn.get("role") == "user"]
    answered = [(asked, reply) for asked, reply in exchanges if not reply.startswith(REFUSED)]
    question = question.strip()
    if not answered or not is_followup(question):
        return [question]
    asked, reply = answered[-1]
    return [question, f"{asked} {question}"] + ([f"{asked} {MARKER.sub('', reply)} {question}"] if reply else [])
