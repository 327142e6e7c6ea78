"""Answerability: do the articles answer this question? A policy decided before any answerer runs.

A pure function of the question and its evidence (bot.evidence), with its reason, so a wrong refusal
can be traced: nothing retrieved; nothing retrieved close enough; the question asks about something
(a drug, a person, a place) that no article mentions. After the answerer, `bot.verify` checks that
the draft gives what was asked.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from bot.claims import ClaimIndex
from bot.evidence import Evidence
from bot.library import Library
from bot.text import common, rare, terms

REFUSAL = "The articles don't cover this question, so I can't answer it from them."

# Whom a question is about. The articles describe twitching in adults: a question about a child, a
# pregnancy or a pet that they never mention gets adult claims that may not hold, so it is refused.
WHO = re.compile(r"\b(?:child|children|kids?|toddlers?|bab(?:y|ies)|infants?|newborns?|teen(?:ager)?s?|adolescents?|"
                 r"pregnan(?:t|cy)|elderly|dogs?|cats?|pets?|pupp(?:y|ies)|horses?)\b", re.IGNORECASE)
# Where it is, when that makes it another matter: the articles speak of the muscles of limbs, trunk and
# face, and twitching of the tongue can be a sign of its own (the stomach's muscles twitch like any).
WHERE = re.compile(r"\btongues?\b", re.IGNORECASE)
# ...or by age: "my 6 month old", "a 3-week-old", "my 8 yr old son" (under 13; the SHORTHAND "yr" is "year").
AGE = re.compile(r"\b(?P<n>\d{1,2})[- ]?(?P<unit>days?|weeks?|wks?|months?|mos?|years?|yrs?)[- ]old\b", re.IGNORECASE)
# What a question asks about besides twitching itself: the effect of something ("Can statins cause…",
# "Does gabapentin help…", "Could the creatine be why?", "…a side effect of lithium?", "…linked to
# diabetes?", "could it be the statin?") or a property of twitching ("Is muscle twitching hereditary?").
# When the articles never speak of it, their general claims ("Certain medications can lead to involuntary
# muscle twitching") would read as an answer about it.
ASKED = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"(?:^|[.!?]\s+)\W*(?:can|could|does|do|did|will|would|might|may|is|are)\s+(?P<asked>[^?.!,;]{1,60}?)\s+"
    r"(?:(?:caus|trigger|help|treat|stop|mak|lead|giv|worsen|reliev|cur|prevent|reduc|calm|eas|affect|start)"
    r"(?:e|es|s|ed|ing)?|be (?:why|the (?:reason|cause)|behind|to blame|related|linked))\b",
    r"\b(?:side effects? of|caused by|(?:a )?(?:symptom|sign) of|linked to|related to|associated with|due to|"
    r"because of|(?:could|might|may|can) (?:it|this|that|they) be(?: from)?)"
    r"\s+(?P<asked>[^?.!,;]{1,40}?)\s*(?:[?.!,;]|$)",
    r"(?:^|[.!?,]\s+)\W*(?:is|are)\s+(?:(?:muscle|my|the)\s+)?(?:twitch\w*|fasciculations?|it|this|that)\s+"
    r"(?P<asked>[^?.!,;]{1,40}?)\s*(?:[?.!,;]|$)",
    # Telling twitching apart from something else: "…apart from early Parkinson's", "…if it's parkinsons
    # and not…", "the difference between a parkinsons tremor and a twitch", "tell a tremor from a twitch",
    # "Is restless legs syndrome the same thing as leg twitching?".
    r"\b(?:apart from|difference between|(?:know|tell) (?:if|whether) (?:it'?s|it is|this is|i have))"
    r"\s+(?P<asked>[^?.!,;]{1,40}?)\s*(?:\band\b|\bor\b|[?.!,;]|$)",
    r"\b(?:tell|is|are)\s+(?P<asked>[^?.!,;]{1,40}?)\s+(?:from|apart|(?:basically |really )?the same(?: thing)? as)\b",
)]


def words(text: str) -> list[str]:
    """The content words of a text, as written ("toddler's" -> "toddler")."""
    return [w for w in re.findall(r"\w[\w-]*", re.sub(r"['’]s\b", "", text)) if terms(w)]


def asked_as_cause_or_remedy(query: str) -> set[str]:
    """The words of what a question asks about as a cause or a remedy ("Can statins cause…", "Does
    gabapentin help…", "…a side effect of lithium?"): the first two ASKED patterns."""
    return {w for pattern in ASKED[:2] for match in pattern.finditer(query) for w in words(match.group("asked"))}


@dataclass(frozen=True)
class Decision:
    """Whether to answer, and if not, why (`reason`) and which of the question's words no article uses."""
    answerable: bool
    reason: str | None = None
    missing: tuple[str, ...] = ()
    # The missing words name a cause or remedy the articles don't mention, so what they say about causes
    # and remedies of that kind is worth showing ("What the articles do say: Certain medications…").
    show_closest: bool = False


ANSWER = Decision(True)


@dataclass(frozen=True)
class Answerability:
    """The thresholds of the answerability policy, and the policy."""

    # Calibrated on evals/questions.jsonl (answerable vs uncovered/offtopic; see the eval report).
    min_relevance: float = 0.40  # below this best claim similarity, nothing retrieved answers it
    confident: float = 0.68  # below this, a question word no article uses means it isn't covered
    topic_word: int = 8  # stems this long are topic words ("parkinson", "hereditari"), not filler ("actual")
    topic_rank: int = 10000  # ...unless this common ("Thursday" 7164th, "marathon" 6438th; "restless" 11810th)
    same_word: float = 0.7  # a word this close to one the articles use means what it means (see unmentioned)

    def decide(self, evidence: Evidence, claims: ClaimIndex, meaning: Callable[[str], np.ndarray],
               describes_signs: bool = False) -> Decision:
        """Answer, or refuse with the reason; `meaning` gives a word's meaning vector; `describes_signs`:
        the question describes warning signs (see bot.triage)."""
        if not evidence.candidates:
            return Decision(False, "nothing retrieved")
        best = evidence.best
        if self.uncovered(claims, set(terms(evidence.query)), best, evidence.candidates):
            return Decision(False, f"the closest claim ({best:.2f}) is below min_relevance ({self.min_relevance})")
        missing = self.unmentioned(claims.library, evidence.query, best, meaning, describes_signs)
        if missing:
            of_a_kind = set(missing) <= asked_as_cause_or_remedy(evidence.query) and not any(
                WHO.fullmatch(w) or WHERE.fullmatch(w) for w in missing)
            return Decision(False, "no article mentions " + ", ".join(f"“{w}”" for w in missing), tuple(missing),
                            show_closest=of_a_kind)
        return ANSWER

    def uncovered(self, claims: ClaimIndex, query_terms: set[str], best: float, candidates: list[int]) -> bool:
        """Nothing retrieved is close enough to the question."""
        if best < self.min_relevance:
            # Unless a claim uses every word of the question: the model doesn't know every acronym
            # ("What is BFS?" is 0.39 from "...conditions such as: Benign fasciculation syndrome (BFS)").
            return not (query_terms and any(query_terms <= claims.claim_terms[c] for c in candidates))
        return False

    def unmentioned(self, library: Library, query: str, best: float, meaning: Callable[[str], np.ndarray],
                    describes_signs: bool = False) -> list[str]:
        """The question's topic words that no article uses, even misspelled, as asked ("Parkinson's").

        Whom the question is about (WHO, AGE) and where (WHERE), always. What it asks about (ASKED),
        unless the word is among the commonest in English ("a lot of coffee") or means what a word of
        the articles means ("pills": "medications" 0.74, "exhausted": "fatigue" 0.74; "smoking" comes no
        closer than 0.61). A word rare in English, wherever it stands, on the same condition: often a
        name ("Adderall", "keto", "Lyme"); but not when the question `describes_signs` of illness ("I've
        lost about 6 kilos…"), whose answer is what the articles say about those. A long word of a
        sentence that asks, when nothing retrieved is a confident match. `meaning` gives a word's
        meaning vector.
        """
        asked = {w for pattern in ASKED for match in pattern.finditer(query) for w in words(match.group("asked"))}
        # The sentences that ask (end in "?"), not the story around them ("…5-6 beers on saturdays…").
        asking = {w for sentence in re.findall(r"[^.!?]*\?", query) for w in words(sentence)} or set(words(query))

        def missing(w: str) -> bool:
            if any(t in library.vocabulary for t in terms(w)) or (not w.isupper() and library.misspells(w)):
                return False  # an article uses it, maybe misspelled ("twiching"); an acronym ("TENS") is no typo
            if WHO.fullmatch(w) or WHERE.fullmatch(w):
                return True
            named = (w in asked and not common(w)) or (rare(w) and not describes_signs)
            if named and library.closest_word(meaning(w.lower())) < self.same_word:
                return True
            return (w in asking and best < self.confident and not describes_signs
                    and not common(w, self.topic_rank) and max(map(len, terms(w))) >= self.topic_word)

        young = [m.group(0) for m in AGE.finditer(query)
                 if not m.group("unit").lower().startswith("y") or int(m.group("n")) < 13]
        return list(dict.fromkeys(young + [w for w in words(query) if missing(w)]))


def refusal_text(titles: Sequence[str], missing: Sequence[str] = ()) -> str:
    """The plain refusal, saying which of the question's words no article mentions, and the closest articles
    (`titles`, at most two)."""
    text = REFUSAL
    if missing:
        named = " or ".join(f"“{w}”" for w in missing)
        text = f"The articles don't mention {named}, so I can't answer this question from them."
    if not titles:
        return text
    named = " and ".join(f"“{t}”" for t in titles)
    return f"{text} The closest articles are {named}, but they don't answer it."
