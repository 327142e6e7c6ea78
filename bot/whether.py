"""Whether a question asks if the writer has a disease ("could it be ALS?") or asks about the disease ("how does ALS
progress?"), and which alarming quotes the first kind does not ask for (issue 21 item 3).

A question naming a reviewed alarming quote's topic (bot/data/alarming.jsonl: ALS, MS…) counted as asking for every
quote about it, so "my calf has been twitching for a week, could it be ALS?" was told how ALS progresses ("Over time,
a person with ALS may lose the ability to control their movements. This can make walking, talking, eating, and
breathing difficult.") and a patient's diagnosis. The writer asked about the likelihood, not the disease.

Read from the question's grammar, not a list of worried words: the disease is what the question is about when it is
the subject of a question clause, the first noun phrase after the question word and auxiliary ("what is ALS", "how
does ALS progress", "is ALS curable", "does ALS start with twitching"), or the object of a preposition right after
the clause's head noun ("what are the symptoms of ALS", "is there a cure for MS", "what about MS", "tell me about
ALS"). Elsewhere ("could it be ALS", "do I have ALS", "does twitching mean ALS", "can twitching be a sign of ALS",
"I'm scared of ALS") the question asks whether the writer has it.

To such a question, an alarming quote about the disease is asked only when it says something the question asks
beyond the disease's name, or speaks of what every article is about (their titles' shared words: muscle
twitching), read with its list's lead-in (bot.claims.ClaimIndex.text; in evals, the cited text): "Muscle twitching
may be a sign of … (ALS)." shares "twitching" with "could my twitching be ALS?" and answers yes-or-no; "ALS
causes a person's nerve cell function to deteriorate gradually." and "An EMG revealed widespread denervation…
early-stage ALS." share nothing and are not asked (bot.sayable.may_say, evals.safety_checks.alarming_unasked); the
case is not told either, and the articles' reassurance still opens (bot.worried.reassurance). Only the diseases the
articles put in proportion (bot.worried.serious_topics: ALS, MS) are read so.

Measured on the spent sets (gold, held-out, training-at, -ar, sealed as, au; 1,234 messages): 21 of the 71 naming
ALS or MS read as asking whether; answers changed 1/170, 3/380, 0 on the others; fact_recall and first_claim_hit
unchanged on all six. On the judged answers (evals/judged) that quote a named disease's alarming quote, 4 of 182
are read as unasked (2 messages: "My aunt has MS. How is twitching connected to it?" is a misreading, the pronoun
"it" naming MS). tests/test_whether.py holds the examples that must and must not match.
"""
from __future__ import annotations

import re

from bot.text import terms

# A question clause: split at . ? ! ; and at a comma or "and"/"but"/"or"/"so" followed by a question word, so that
# "my calf twitches, could it be ALS?" reads "could it be ALS".
CLAUSE = re.compile(r"[.?!;]+|,|\b(?:and|but|so|or)\b(?=\s+(?:what|how|why|is|are|can|could|does|do|will|would)\b)"
                    r"|\b(?:if|when|because|since|although|though|unless)\b", re.IGNORECASE)
WORD = re.compile(r"[A-Za-z0-9']+")
WH = (r"(?:what|which|how(?:\s+(?:rare|common|often|fast|quickly|long|bad|serious|dangerous|likely))?"
      r"|why|when|who|where)")
AUX = r"(?:is|are|was|were|does|do|did|can|could|will|would|should|might|may|has|have)"
DET = r"(?:the|a|an|some|any)"  # not "this"/"that": "is this ALS?" asks of the writer's twitching
# the leading forms whose next noun phrase is the clause's subject or topic
SUBJECT = re.compile(
    rf"^(?:(?:{WH}\s+(?:\w+\s+){{0,2}}?)?{AUX}\s+(?:there\s+)?|(?:what|how)\s+about\s+|about\s+|"
    rf"(?:tell|teach|explain)(?:\s+(?:me|us))?(?:\s+about)?\s+|{WH}\s+)(?P<rest>.*)$", re.IGNORECASE)
# words that make the clause's subject the writer or their symptom, not the disease: "could it be", "do I have", "is
# twitching a sign of"
NOT_HEAD = {"it", "this", "that", "these", "those", "i", "im", "i'm", "me", "my", "mine", "you", "your", "we", "he",
            "she", "they", "them", "his", "her", "their", "be", "have", "has", "mean", "means", "get", "getting",
            "got", "sign", "signs", "symptom", "worry", "worried", "scared", "afraid"}
# someone who has the disease, not the writer: "people with ALS", "patients with multiple sclerosis"
WITH = re.compile(r"\b(?!(?:i|me|it|this|that|im|i'm)\b)[a-z]+\s+with\s+(?P<what>[a-z]+(?:\s+[a-z]+){0,2})",
                  re.IGNORECASE)
# what a head noun or verb asks of the disease with: "symptoms of", "a cure for", "connected to", "different from"
PREPOSITIONS = {"of", "for", "with", "in", "about", "to", "from", "between"}
# closed-class words a quote and a question share without saying the same thing ("may", "can")
FUNCTION = {"may", "might", "must", "can", "could", "will", "would", "should", "also", "often", "usual", "usualli"}


def about(query: str, topic: frozenset[str]) -> bool:
    """Whether a clause of the question is about the disease (`topic`: the stems of a phrase naming it): it is the
    clause's subject, or what its head noun asks about.

    >>> about("how does ALS progress?", frozenset({"al"})), about("could it be ALS?", frozenset({"al"}))
    (True, False)
    """
    for clause in CLAUSE.split(query):
        if not clause or not topic <= set(terms(clause)):
            continue
        if WITH.search(clause) and any(topic <= set(terms(m.group("what"))) for m in WITH.finditer(clause)):
            return True  # "what happens to people with ALS", "life expectancy with MS"
        found = SUBJECT.match(clause.strip())
        if not found:
            continue
        words = WORD.findall(found.group("rest"))
        if starts_with(words, topic, skip_det=True):
            return True
        # "the symptoms of ALS", "a cure for MS": a head noun (no pronoun or verb of having) and a preposition
        for k, word in enumerate(words[:5]):
            if word.lower() in PREPOSITIONS and k >= 1 \
                    and not {w.lower() for w in words[:k]} & NOT_HEAD and starts_with(words[k + 1:], topic, True):
                return True
    return False


def starts_with(words: list[str], topic: frozenset[str], skip_det: bool = False) -> bool:
    """Whether the words begin with the topic's phrase (after a determiner), or with short phrases joined by
    "or"/"and" one of which is it ("ALS or MS").

    Example: starts_with(["ALS", "or", "MS", "curable"], frozenset({"ms"})) -> True
    """
    if skip_det and words and re.fullmatch(DET, words[0], re.IGNORECASE):
        words = words[1:]
    while words:
        head = set(terms(" ".join(words[:len(topic) + 1])))
        if topic <= head and set(terms(words[0])) & topic:
            return True
        joins = [k for k, w in enumerate(words[:4]) if w.lower() in ("or", "and")]
        if not joins:
            return False
        words = words[joins[0] + 1:]
    return False


def named(query: str, topics) -> list[frozenset[str]]:
    """The topics the question names (every stem of one)."""
    asked = set(terms(query))
    return [t for t in topics if t <= asked]


def asks_whether(query: str, topics) -> bool:
    """Whether the question names one of the topics, asks about none of them, and a clause naming one says what
    someone's twitching is or has (a pronoun, "be"/"have"/"mean", "sign": NOT_HEAD): whether the writer has it.
    "is there any point catching ALS early if it cant be cured?" says neither and asks about ALS.

    >>> asks_whether("my calf has been twitching for a week, could it be ALS?", [frozenset({"al"})])
    True
    """
    found = named(query, topics)
    if not found or any(about(query, t) for t in found):
        return False
    return any(t <= set(terms(clause)) and {w.lower() for w in WORD.findall(clause)} & NOT_HEAD
               for clause in CLAUSE.split(query) if clause for t in found)


def says_more(quote: str, topics, query: str, subject: frozenset[str] = frozenset()) -> bool:
    """Whether the quote shares a word with the question, or with the articles' `subject` that every question asks
    about (subject_of: "muscle", "twitch"), besides the topics' and function words: "Muscle twitching may be a sign
    of … ALS" under "Is it ALS?" and "could my twitching be ALS?"."""
    named_stems = {s for t in topics for s in t}
    return bool((set(terms(quote)) - named_stems - FUNCTION) & ((set(terms(query)) | subject) - FUNCTION))


def subject_of(titles) -> frozenset[str]:
    """The stems every article's title has: what the articles are about, and so what a question asks of a disease.

    Example: subject_of(["Why do muscles twitch?", "Random muscle twitches"]) -> frozenset({"muscl", "twitch"})
    """
    stems = [set(terms(t)) for t in titles]
    return frozenset(set.intersection(*stems)) if stems else frozenset()


def unasked_detail(quote: str, topics, query: str, diseases, subject: frozenset[str] = frozenset()) -> bool:
    """Whether an alarming quote whose topic the question names is not asked: the question asks whether the writer
    has one of its topics that is a disease (`diseases`: the topics the articles put in proportion, bot.worried.
    serious_topics; "EMG" and "Mark" are topics of the case's quote, not diseases) and the quote says nothing more
    of what it asks (the disease's progression, a case)."""
    ill = [t for t in topics if t in diseases]
    return asks_whether(query, ill) and not says_more(quote, ill, query, subject)
