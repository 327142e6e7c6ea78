"""Whether the writer of a message sounds worried, and which claims name a disease the articles put in proportion.

A worried reader (issue 21) rated answers lower and was the one a serious disease nobody asked about frightened.
Whether a message is worried is read by a logistic regression over its meaning vector, fitted on the blind judges'
labels (evals/fit_worried.py; bot/data/worried_model.npz), not a list of worry words: the judges heard worry in "I
keep thinking the worst" and "my wife says I worry too much". The worry often sits in one sentence of a longer
message ("normal range for calcium in blood? mine says 2.2 and I'm freaking out a bit"), so the message and each
of its sentences are read, and the most worried reading counts: left out one judged batch at a time this found
0.71 of the worried messages at precision 0.70 (accuracy 0.927, majority 0.878), the whole message alone 0.40 at
0.60 (accuracy 0.894).

The diseases the articles put in proportion are the topics of their reviewed reassurances (bot/data/reassuring.jsonl:
ALS, MS): a claim naming one is serious to a reader who did not ask about it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot import relevance, whether
from bot.claims import ClaimIndex, topic_named
from bot.evidence import Evidence
from bot.logistic import share_floor
from bot.text import terms

MODEL_FILE = Path(__file__).parent / "data" / "worried_model.npz"
# Sentences of a message: split after . ? ! and the space that follows (evals.fit_worried measured this split).
SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


@lru_cache(maxsize=4)
def model(path: Path = MODEL_FILE) -> tuple[np.ndarray, float, float] | None:
    """(coef, intercept, threshold) of the fitted model (`make fit-worried`); None when none is fitted."""
    if not path.exists():
        return None
    with np.load(path) as data:
        return data["coef"], float(data["intercept"]), float(data["threshold"])


def sentences(message: str) -> list[str]:
    """The message's sentences, when it has more than one (the whole message is read anyway).

    Example: sentences("normal range? I'm freaking out") -> ["normal range?", "I'm freaking out"]
    """
    parts = [p for p in SENTENCE_END.split(message.strip()) if p.strip()]
    return parts if len(parts) > 1 else []


def probability(vectors: np.ndarray, fitted: tuple[np.ndarray, float, float]) -> float:
    """The most worried reading among the vectors (the message's and its sentences')."""
    coef, intercept, _ = fitted
    return float((1 / (1 + np.exp(-(np.asarray(vectors, dtype=np.float64) @ coef + intercept)))).max())


def reads_worried(message: str, meaning: Callable[[str], np.ndarray]) -> bool:
    """Whether the fitted model reads the writer as worried (False without a fitted model). `meaning`: a text's
    meaning vector (Bot.meaning)."""
    fitted = model()
    if fitted is None or not message.strip():
        return False
    vectors = [meaning(message), *(meaning(s) for s in sentences(message))]
    return probability(np.vstack(vectors), fitted) >= fitted[2]


def serious_topics(index: ClaimIndex) -> frozenset[frozenset[str]]:
    """The topics (stems of a phrase) of the reviewed reassurances: the diseases the articles put in proportion."""
    return frozenset(t for topics in index.reassuring.values() for t in topics)


def names_serious(index: ClaimIndex, claim_index: int, topics: frozenset[frozenset[str]]) -> bool:
    """Whether a claim's words name one of the `topics` (serious_topics)."""
    return topic_named(topics, index.claim_terms[claim_index])


def unasked(index: ClaimIndex, candidates: list[int], query: str) -> np.ndarray:
    """Which candidates a worried reader is not told (ExtractiveAnswerer.may_say): a claim naming a serious
    disease when the question names none (the judges flagged "…early-stage ALS" quoted to "my twitches mostly
    happen at rest… pls be honest im scared"), and a patient's case unless the question is about the case itself
    (index.about_case), not merely its disease: "and if the EMG comes back abnormal, does that mean ALS?" was
    answered with "An EMG revealed widespread denervation… confirmed early-stage ALS." (batch w, judged
    needlessly frightening). A reviewed reassurance names the disease too and is held back with the rest."""
    topics = serious_topics(index)
    asked = topic_named(topics, set(terms(query)))
    about_case = index.about_case(query)
    # (a reviewed reassurance from the case's section is not the case: "While most twitches aren't ALS, the condition
    # often begins subtly…" answers "I read ALS can start with just twitches and now I can't sleep. How does it usually
    # begin?", batch u, whose answer lost its one fact when it was held back as the case)
    return np.array([not asked and names_serious(index, c, topics)
                     or index.claims[c].case_study and not about_case and not index.reassuring.get(c)
                     for c in candidates], dtype=bool)


# A reviewed alarming quote (bot/data/alarming.jsonl) is told to a worried writer who named its disease only when at
# least this share as likely to answer as the best claim (bot.relevance), the opener always: read on four worried
# questions about ALS, "Over time, a person with ALS may lose the ability to control their movements…" under "Is ALS
# common?" had 0.13 of the best's probability (answers nothing asked; the judges flagged it in batch y), "…a
# degenerative neurological condition called amyotrophic lateral sclerosis (ALS). This is a rare condition." 0.57
# there, and "ALS causes a person's nerve cell function to deteriorate gradually." 0.27 under "What does ALS
# actually do to a person over time?" (answers it). A judgment on few examples, not a fit.
ALARMING_SHARE = 0.25


def may_say(index: ClaimIndex, candidates: list[int], query: str, likely: np.ndarray,
            asked: np.ndarray | None = None) -> np.ndarray:
    """The candidates' log-odds with those a worried writer is not told at -inf (unasked; an alarming quote under
    ALARMING_SHARE of the best, unless `asked`: what the question asks for, bot.asked_for.how_common), unless that
    would leave nothing."""
    blocked = unasked(index, candidates, query)
    # ...the claim most likely to answer aside: it is what answers, and "What nerve conditions could it point to?"
    # (gold) and "read something about LGI1 antibodies…" (held-out), read as worried, lost the list and the case that
    # answer them (their one fact) when it was held back too
    if np.isfinite(likely).any():
        best = int(np.argmax(likely))
        blocked[best] &= bool(index.claims[candidates[best]].case_study)
    if blocked.any() and not (blocked | ~np.isfinite(likely)).all():
        likely = np.where(blocked, -np.inf, likely)
    if not np.isfinite(likely).any():
        return likely
    floor = share_floor(likely, ALARMING_SHARE)  # the share of the best probability, in log-odds
    weak = np.array([c in index.alarming and likely[j] < floor for j, c in enumerate(candidates)], dtype=bool)
    if asked is not None:
        weak &= ~asked
    return np.where(weak, -np.inf, likely)


def with_reassurance(index: ClaimIndex, candidates: list[int], chosen: list[int], likely: np.ndarray,
                     sizes: list[int], max_sentences: int, max_words: int) -> list[int]:
    """The chosen positions with the articles' reassurance on a serious disease they quote, for a worried
    reader: right before the first claim naming it, or right after the opening claim when that one does (the
    opener stays, so what answers first is what the relevance and opener models chose). Nothing changes when
    no chosen claim names one, a reassurance is quoted already, or none is among the candidates. The last claims
    (not the opener nor the reassurance) go until the answer is within `max_sentences` and `max_words` (`sizes`:
    each candidate's words)."""
    topics = serious_topics(index)
    if any(index.reassuring.get(candidates[j]) for j in chosen):
        return chosen
    serious = [k for k, j in enumerate(chosen) if names_serious(index, candidates[j], topics)]
    if not serious:
        return chosen
    # the first disease quoted: under "Can muscle twitching be a sign of ALS?" an MS line named later in a long claim
    # brought "Rarely, muscle twitching may be a sign of multiple sclerosis (MS)." (gold ans-als-sign)
    named = {t for t in topics if t <= index.claim_terms[candidates[chosen[serious[0]]]]}
    calming = [j for j in range(len(candidates)) if np.isfinite(likely[j])
               and named & set(index.reassuring.get(candidates[j], ()))]
    if not calming:
        return chosen
    # a general statement before a case study's, then the one on most of the diseases quoted (under "Are MS and ALS
    # curable?" batch y: "Now, while muscle twitching… can occur in these “bad” diseases, it can also happen for some
    # very mundane reasons", not "Rarely, muscle twitching may be a sign of multiple sclerosis (MS)."), then the one
    # most likely to answer (as ExtractiveAnswerer.reassurance)
    pick = min(calming, key=lambda j: (index.claims[candidates[j]].case_study,
                                       -len(named & set(index.reassuring[candidates[j]])), -likely[j]))
    at = max(serious[0], 1)
    return within_budget([*chosen[:at], pick, *chosen[at:]], {chosen[0], pick}, sizes, max_sentences, max_words)


def within_budget(chosen: list[int], keep: set[int], sizes: list[int], max_sentences: int, max_words: int) -> list[int]:
    """The positions less the last ones not in `keep` until at most `max_sentences` and `max_words` remain.

    Example: within_budget([0, 5, 1, 2], {0, 5}, [10, 10, 10, 80, 0, 20], 5, 40) -> [0, 5, 1]
    """
    chosen = list(chosen)
    while len(chosen) > max_sentences or sum(sizes[j] for j in chosen) > max_words:
        drop = next((j for j in reversed(chosen) if j not in keep), None)
        if drop is None:
            break
        chosen.remove(drop)
    return chosen


# A yes-or-no question's first auxiliary and the words after it (bot.relevance.QUESTION_WORD's auxiliaries).
AUXILIARY = re.compile(r"\b(?:is|are|can|could|does|do|did|should|will|would|am|was|has|have)\b\s+(.*)",
                       re.IGNORECASE | re.DOTALL)
WORD = re.compile(r"[A-Za-z0-9]+")


def asks_of_danger(query: str, topics) -> bool:
    """Whether a yes-or-no question asks a fact of the danger itself: one of the `topics` (stem sets, as in
    bot.claims.topic_named) is its subject, the words right after its first auxiliary ("is ALS curable?", "can
    multiple sclerosis be treated?"), not what the writer's twitching may be ("Is it ALS?", "could this be MS",
    "do I have ALS?"). Such a question wants the fact first, not the reassurance (ExtractiveAnswerer.reassurance).
    Measured on the spent yes-or-no questions (every spent training and sealed set, gold and held-out; not
    training-ah) whose answer quotes an asked-about danger beside a reassuring candidate (77 under main's relevance
    model, 78 under frame31's echo-weighted one): the reassurance quoted gold evidence only where the model rates it
    best anyway (6, each asking whether twitching is a sign of MS). Of those the share rule let it open instead of a
    better claim (7 and 9), it cost the first claim's evidence in 5 and 7 and gained none; the danger was the subject in 3
    and 4 of them ("does ALS usually start with twitching", "Is ALS common? What symptoms…", "Is ALS a common cause
    of twitching?"), where the best claim quotes evidence in 2 and 3: first claims on evidence 53 -> 55 of 77 and
    53 -> 56 of 78. The ones left ("Could my twitching be MS?", "does twitching mean I have ALS…") ask what the
    writer has.

    >>> asks_of_danger("is ALS curable?", [frozenset({"al"})]), asks_of_danger("Is it ALS?", [frozenset({"al"})])
    (True, False)
    """
    found = AUXILIARY.search(query)
    if not found:
        return False
    words = WORD.findall(found.group(1))
    return any(len(words) >= len(topic) and set(terms(" ".join(words[:len(topic)]))) >= topic for topic in topics)


def reassurance(index: ClaimIndex, evidence: Evidence, claims: list, chosen: list[int], likely: np.ndarray) -> int | None:
    """The candidate claim that opens instead of the likeliest (bot.extractive.ExtractiveAnswerer.opened): the one that puts an asked-about danger in proportion, when the answer quotes one and
    the question asks whether: "Is it ALS?" opens with "Fasciculations occur commonly in … healthy
    subjects", not with how ALS progresses, even when the relevance model rates the reassurance lower;
    "how is ALS diagnosed?" opens with how. The policy is fitted with the model (evals.fit_relevance.
    reassure_share): a yes-or-no question (the question-word feature), the reassurance at least a share
    of the best claim's probability."""
    at = evidence.candidates
    asked = [t for j in chosen if index.names_topic(at[j], evidence.query) for t in index.alarming[at[j]]]
    if not asked:
        # ...or a question whether the writer has a disease (bot.whether), whose alarming quotes about it are not
        # told: "Is it ALS?" opened with the reassurance before its progression, and still does without it
        asked = whether.named(evidence.query, serious_topics(index))
        if not asked or not whether.asks_whether(evidence.query, asked):
            return None
    calming = [j for j in range(len(at)) if any(t in asked for t in index.reassuring.get(at[j], []))]
    # A general statement before one from a case study, which would not open the answer anyway; then the
    # one most likely to answer.
    pick = min(calming, key=lambda j: (claims[j].case_study, -likely[j]), default=None)
    model = relevance.model()
    share = model.reassure_share
    if pick is None or not np.isfinite(likely[pick]) or share > 1:
        return None
    if model.reassure_yes_no and relevance.question_word(evidence.query) not in relevance.YES_NO:
        return None
    # ...of the best claim that may open: a case study's is said after the general statements (reading_order),
    # so one rated far above the rest ("An EMG revealed widespread denervation…" under "Is it ALS?") sets no bar
    about_case = index.about_case(evidence.query)
    opens = np.isfinite(likely) & np.array([not claims[j].case_study or about_case for j in range(len(at))])
    probability = 1 / (1 + np.exp(-likely[opens if opens.any() else np.isfinite(likely)]))
    if 1 / (1 + np.exp(-likely[pick])) < share * probability.max():
        return None
    # ...and not when the question asks a fact of the danger itself ("is ALS curable?" wants the fact first, "Is it
    # ALS?" the proportion; bot.worried.asks_of_danger has the measurement); the reassurance still opens where the
    # model rates it best
    if asks_of_danger(evidence.query, asked) and 1 / (1 + np.exp(-likely[pick])) < probability.max():
        return None
    return pick
