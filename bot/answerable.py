"""Answerability: do the articles answer this question? A policy decided before any answerer runs.

A pure function of the question and its evidence (bot.evidence), with its reason, so a wrong refusal
can be traced: nothing retrieved; nothing retrieved close enough; the question asks about something
(a drug, a person, a place) that no article mentions. After the answerer, `bot.verify` checks that
the draft gives what was asked.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot import logistic
from bot.claims import ClaimIndex
from bot.evidence import Evidence
from bot.asked import (AGE, BESIDE, FILLER, SAME_WORD, WHERE, WHO, asked_as_cause_or_remedy, asked_words,
                       names_an_article, names_what_they_say, unknown_words, words, zipf)
from bot.library import Library
from bot.sources import answers_source
from bot.qualifier import (fitted_model as qualifier_model, named_share, rest_of, rest_terms, without, word_vector,
                           zipf_of)
from bot.text import terms
from bot.triage import Head

REFUSAL = "The articles don't cover this question, so I can't answer it from them."

@dataclass(frozen=True)
class Decision:
    """Whether to answer, and if not, why (`reason`) and which of the question's words no article uses."""
    answerable: bool
    reason: str | None = None
    missing: tuple[str, ...] = ()
    # The missing words name a cause or remedy the articles don't mention, so what they say about causes
    # and remedies of that kind is worth showing ("What the articles do say: Certain medications…").
    show_closest: bool = False
    # Answered in general: these words, which no article uses, say whom or in what form (bot.qualifier: "kids",
    # "pregnant", "pill"), and the articles answer the rest; the answer says so first.
    general: tuple[str, ...] = ()


ANSWER = Decision(True)


# The signals the fitted policy weighs (bot/data/answerable_model.npz, fitted by `make fit-answerable`).
SIGNALS = ("best", "top3", "coverage", "unknown", "rarity", "strangeness", "asked_unknown", "describes_signs",
           "specific_coverage", "retrieved_coverage", "claim_coverage", "covering_closeness", "resemblance", "names")
MODEL_FILE = Path(__file__).parent / "data" / "answerable_model.npz"
TOP = 5  # the claims whose words count towards coverage: about what an answer quotes
# An answer in general covers the message without the words it doesn't speak of: it is given only when those words
# carry at most this much of the message's meaning (bot.qualifier's `shift`, 1 minus the closeness of the message to
# itself without them), unless the message describes warning signs (then the sign the articles list is the answer).
# Left out one set at a time (26 spent sets, 2026-11-30, evals/refusal_folds.py), every limit from 0.12 to 0.20 refused
# one uncovered message more ("My toddler's leg keeps twitching, is that normal?", 0.22) and no answerable one fewer
# (answerable ones answered in general: 0.09 at most); 0.15 is that range's middle. Gating by how much of the rest the
# closest claim covers instead (claim_coverage >= 0.2) refused no uncovered message more and 26 messages fewer.
GENERAL_SHIFT = 0.15
FLOOR = 0.40  # the closeness floor (Answerability.min_relevance), below which only a message that names something is judged


@dataclass(frozen=True)
class Signals:
    """What the policy decides from, one value per SIGNALS name, and the question's words no article uses
    (strangest first), which a refusal names."""
    values: tuple[float, ...]
    unknown: tuple[str, ...] = ()
    closeness: tuple[float, ...] = ()  # of each unknown word to the articles' nearest word

    def as_dict(self) -> dict[str, float]:
        return {name: round(float(v), 3) for name, v in zip(SIGNALS, self.values)}


@dataclass(frozen=True)
class AnswerabilityModel:
    """Two fitted stages. `resemblance`: a support-vector classifier over the question's meaning vector,
    trained on labelled covered and uncovered questions (how much it reads like the ones the articles
    answer); then a logistic regression over the standardized SIGNALS, that score among them: the
    probability that the articles answer."""
    resemblance: Head
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "AnswerabilityModel":
        with np.load(path) as data:
            assert tuple(data["signals"]) == SIGNALS, f"{path} was fitted on other signals: run `make fit-answerable`"
            head = Head(data["svm.support"], data["svm.dual"], *map(float, data["svm.scalars"]), threshold=0.0)
            intercept, threshold = map(float, data["lr.scalars"])
            return cls(head, data["lr.mean"], data["lr.scale"], data["lr.coef"], intercept, threshold)

    def probability(self, values) -> float:
        return logistic.probability(values, self.mean, self.scale, self.coef, self.intercept)


@lru_cache(maxsize=1)
def fitted_model() -> AnswerabilityModel:
    return AnswerabilityModel.load()


@dataclass(frozen=True)
class Answerability:
    """The answerability policy: the auditable rules (nothing retrieved; whom or where a question is
    about), then a fitted model over interpretable signals."""

    # Used by follow-up reading (bot.pipeline.evidence_for): the best claim similarity below which a
    # question doesn't stand on its own (min_relevance) or isn't answered confidently as asked.
    min_relevance: float = FLOOR
    confident: float = 0.68
    same_word: float = SAME_WORD  # a word this close to one the articles use means what it means: not named as missing
    model: AnswerabilityModel | None = None  # None: the fitted one in bot/data
    # Answer in general a message refused only over words that qualify it (bot.qualifier); off: the refusal as it was
    # (evals/fit_qualifier.py reads those refusals).
    qualifiers: bool = True

    def decide(self, evidence: Evidence, claims: ClaimIndex, meaning: Callable[[str], np.ndarray],
               describes_signs: bool = False, dose_asked: bool = False) -> Decision:
        """Answer, or refuse with the reason; `meaning` gives a word's meaning vector; `describes_signs`:
        the question describes warning signs (see bot.triage); `dose_asked`: it asks for a dose (never answered in
        general: the qualifier model was fitted without dose requests, and "how much potassium can I give my 8 year
        old" answered with adults' blood levels would read as a dose for a child)."""
        if not evidence.candidates:
            return Decision(False, "nothing retrieved")
        # A follow-up is searched with the earlier question, which was answered: whom that one is about was
        # judged then, so only the message's own words are read here, as its unknown words are (reading).
        whom = self.whom_or_where(claims.library, evidence.question)
        best = evidence.best
        spelled_out = self.spelled_out(claims, evidence)
        too_far = best < self.min_relevance and not spelled_out \
            and not names_what_they_say(claims.library, evidence, meaning) \
            and not names_an_article(claims.library, evidence.question) \
            and not answers_source(claims, evidence.question)  # "where did the ranges in that table come from?" (0.39)
        model = self.model or fitted_model()
        if whom:
            refused = Decision(False, "the articles speak of adults' limbs, trunk and face; no article mentions "
                               + ", ".join(f"“{w}”" for w in whom), tuple(whom))
            # Where the twitch is (WHERE: the tongue's is a sign of its own) is what is asked, never a qualifier.
            where = any(WHERE.fullmatch(w) for w in whom)
            if too_far or where:
                return refused
            reading = self.reading(evidence, claims, meaning, describes_signs)
            decided = self.in_general(refused, evidence, claims, meaning, describes_signs, model, reading, dose_asked)
            if decided.answerable or decided is refused:  # answered in general, or no qualifier model asked
                return decided
            # refused over the rest too: name its own missing words as well ("My 7 year old son keeps blinking and his
            # shoulder jerks…" named only "7 year old", as if the articles' silence on children were why, drill36)
            found = signal_values(reading, model.resemblance.score(meaning(evidence.question)))
            # (not everyday English: "the same thing as in people" would name "thing")
            also = tuple(w for w in self.named(evidence.query, found) if w not in whom and zipf(w) < FILLER)
            return replace(decided, missing=(*whom, *also)) if also else decided
        if too_far:
            return Decision(False, f"the closest claim ({best:.2f}) is below min_relevance ({self.min_relevance})")
        reading = self.reading(evidence, claims, meaning, describes_signs)
        found = signal_values(reading, model.resemblance.score(meaning(evidence.question)))
        p = model.probability(found.values)
        # ...or a line of theirs answers it (a byline, a reference list: bot.sources), which no claim holds and the
        # model, fitted on claims, doesn't see: "who is jun kimura" was refused (bs-ans-21)
        if p >= model.threshold or spelled_out or self.named_in_one_claim(claims, evidence) \
                or answers_source(claims, evidence.question):
            return ANSWER
        missing = self.named(evidence.query, found)
        of_a_kind = bool(missing) and set(missing) <= asked_as_cause_or_remedy(evidence.query)
        signals = ", ".join(f"{k} {v:g}" for k, v in found.as_dict().items())
        named = "; no article mentions " + ", ".join(f"“{w}”" for w in missing) if missing else ""
        refused = Decision(False, f"answerability {p:.2f} < {model.threshold:.2f} ({signals}){named}", missing,
                           show_closest=of_a_kind)
        return self.in_general(refused, evidence, claims, meaning, describes_signs, model, reading, dose_asked) \
            if missing else refused

    def in_general(self, refused: Decision, evidence: Evidence, claims: ClaimIndex, meaning: Callable[[str], np.ndarray],
                   describes_signs: bool, model: AnswerabilityModel, reading: dict | None = None,
                   dose_asked: bool = False) -> Decision:
        """The refusal over its missing words, or the answer in general when they qualify the message (whom, in
        what form: bot.qualifier) and the articles answer the rest."""
        qualifying = qualifier_model() if self.qualifiers and not dose_asked else None
        if qualifying is None:
            return refused
        found = self.qualifier_reading(refused.missing, evidence, claims, meaning, describes_signs, model, reading)
        q = qualifying.probability(qualifier_values(found, qualifying))
        if q >= qualifying.threshold and found["rest"] >= model.threshold \
                and (found["shift"] <= GENERAL_SHIFT or describes_signs):
            return Decision(True, f"answered in general: qualifier {q:.2f} >= {qualifying.threshold:.2f}, "
                            f"the rest {found['rest']:.2f}", general=refused.missing)
        return replace(refused, reason=f"{refused.reason}; qualifier {q:.2f}, the rest {found['rest']:.2f}")

    def qualifier_reading(self, named: Sequence[str], evidence: Evidence, claims: ClaimIndex,
                          meaning: Callable[[str], np.ndarray], describes_signs: bool, model: AnswerabilityModel,
                          reading: dict | None = None) -> dict:
        """What bot.qualifier decides from, as plain data (the fitting script keeps it): the answerability of the
        message without the named words (`rest`), how much of its meaning they carry (`shift`), whether they stand
        where it names a cause or a remedy (`asked`), how rare they are (`rarity`), their meaning vector."""
        reading = reading or self.reading(evidence, claims, meaning, describes_signs)
        rest_text = rest_of(evidence.question, named)
        rest_vector = meaning(rest_text)
        rest = model.probability(signal_values(without(reading, named), model.resemblance.score(rest_vector)).values)
        return {"rest": rest, "shift": 1 - float(meaning(evidence.question) @ rest_vector),
                "left": rest_terms(claims.library, evidence.question, named),
                "asked": named_share(evidence.question, named), "rarity": 8 - zipf_of(named),
                "vector": word_vector(named, meaning).tolist()}

    @staticmethod
    def spelled_out(claims: ClaimIndex, evidence: Evidence) -> bool:
        """A retrieved claim uses every word of the question: the model doesn't know every acronym ("What
        is BFS?" is 0.39 from "...conditions such as: Benign fasciculation syndrome (BFS)")."""
        asked = set(terms(evidence.query))
        return bool(asked) and any(asked <= claims.claim_terms[c] for c in evidence.candidates)

    @staticmethod
    def named_in_one_claim(claims: ClaimIndex, evidence: Evidence) -> bool:
        """One retrieved claim uses every word the question asks with, besides the articles' subject
        ("Can cortisol make muscles twitch?": "…Elevated cortisol levels increase nerve excitability,
        making muscles more prone to spontaneous firing."). The fitted model weighs the question's
        meaning most, and a term the articles name reads like the neighbours they don't ("cortisol" like
        "thyroid"). Of the 1,182 labelled messages the model decides (2026-11-29), 54 answerable and none
        of the 276 uncovered or off-topic had such a claim."""
        asked = set(terms(evidence.query)) - claims.library.subject_terms
        return bool(asked) and any(asked <= claims.claim_terms[c] for c in evidence.candidates)

    def named(self, query: str, found: Signals) -> tuple[str, ...]:
        """The words a refusal names as missing, in the question's order: unknown words no word of the
        articles means (closeness below same_word) where the question says what it asks about (ASKED:
        "Can smoking cause…", "the difference between a parkinsons tremor and…"), else in its sentences
        that ask (end in "?"), when they aren't everyday English ("My grandfather had it." tells, it
        doesn't ask)."""
        far = {w for w, near in zip(found.unknown, found.closeness) if near < self.same_word}
        asked = asked_words(query)
        if any(w in far for w in asked):
            return tuple(dict.fromkeys(w for w in asked if w in far))
        asking = [w for sentence in re.findall(r"[^.!?]*\?", query) for w in words(sentence)] or words(query)
        return tuple(dict.fromkeys(w for w in asking if w in far and zipf(w) < FILLER))

    def reading(self, evidence: Evidence, claims: ClaimIndex, meaning: Callable[[str], np.ndarray],
                describes_signs: bool = False) -> dict:
        """What the signals are computed from, as plain data (the fitting script keeps it between runs).

        similarity: how close the claims come, best first; coverage: the share of the question's own
        words (not the articles' subject, "muscle", "twitch") the closest TOP claims use; unknown: its
        words no article uses, even misspelled, each with its Zipf frequency in English, how close the
        articles' nearest word comes ("pills" is 0.74 from "medications") and whether it stands where
        the question names a cause or a remedy ("Can statins cause…"); describes_signs: triage found
        warning signs.
        """
        library = claims.library
        order = np.argsort(-evidence.similarity)[:TOP]
        # A number the writer gives is a value or their age ("I'm 25, is my twitching ALS?" was refused: coverage 0.5,
        # "25" being no article's word), not a subject the articles must name: counted as content_words counts it.
        asked = {t for t in terms(evidence.query) if not t[:1].isdigit()} - library.subject_terms
        used = set().union(*(claims.claim_terms[evidence.candidates[i]] for i in order)) if len(order) else set()
        # A follow-up's search carries the earlier question, which was answered: its words ("eye lid") are
        # not what is asked now, so only the message's own words can be unknown.
        unknown = unknown_words(evidence.question, library)
        causes, named = asked_as_cause_or_remedy(evidence.query), set(asked_words(evidence.query))

        def closeness(w: str, frequency: float) -> float:
            # A word's meaning costs a forward pass. Everyday English outside what is asked ("actually",
            # "weekend") counts neither in the signals nor in a refusal: it isn't looked up.
            if frequency >= FILLER and w not in named:
                return 1.0
            return round(library.closest_word(meaning(w.lower())), 4)

        frequencies = {w: zipf(w) for w in unknown}
        retrieved = set().union(*(claims.claim_terms[c] for c in evidence.candidates))
        sentences = max(len(library.sentences), 1)
        ordered = sorted(asked)  # once, not once per retrieved claim
        return {"similarity": [round(float(v), 4) for v in np.sort(evidence.similarity)[::-1][:TOP]],
                "coverage": len(asked & used) / len(asked) if asked else 1.0,
                # Each asked word with how specific it is in the articles (log of sentences per sentence
                # using it; a word they never use is the most specific) and where it is found: a named
                # term the articles use ("cortisol") counts although the closest claims leave it out.
                "asked": [{"term": t, "weight": round(float(np.log(sentences / (1 + library.term_sentences.get(t, 0)))), 4),
                           "top": t in used, "retrieved": t in retrieved} for t in ordered],
                # Each retrieved claim's closeness and the asked words it uses (indices into "asked"): one
                # claim that both comes close and names what is asked answers it.
                "claims": [[round(float(v), 4), [n for n, t in enumerate(ordered) if t in claims.claim_terms[c]]]
                           for c, v in zip(evidence.candidates, evidence.similarity)],
                "unknown": [{"word": w, "zipf": frequencies[w], "closeness": closeness(w, frequencies[w]),
                             "asked": w in causes} for w in unknown],
                "describes_signs": bool(describes_signs),
                # A word's meaning is looked up only below the floor, where names count (signal_values: `names`).
                "names_what_they_say": names_what_they_say(library, evidence, meaning if evidence.best < self.min_relevance
                                                           else None),
                "names_an_article": names_an_article(library, evidence.question)}

    def whom_or_where(self, library: Library, query: str) -> list[str]:
        """Whom the question is about (WHO, AGE) or where the twitch is (WHERE), when no article speaks
        of it: the articles' general claims about adults' muscles may not hold, so it is refused."""
        young = [m.group(0) for m in AGE.finditer(query)
                 if not m.group("unit").lower().startswith("y") or int(m.group("n")) < 13]
        beside = {m.group("who").lower() for m in BESIDE.finditer(query)}
        named = [w for w in words(query) if (WHO.fullmatch(w) or WHERE.fullmatch(w))
                 and not any(t in library.vocabulary for t in terms(w)) and w.lower() not in beside]
        return list(dict.fromkeys(young + named))


def signal_values(reading: dict, resemblance: float) -> Signals:
    """The SIGNALS of a reading (Answerability.reading) and the question's `resemblance` score.

    best / top3: how close the best claim / the best three come; coverage; unknown: how many words no
    article uses that aren't everyday English (Zipf below FILLER); rarity: 8 minus the Zipf frequency of
    the rarest (a name, "gabapentin" 2.3, is rare; slang, "booze" 3.7, less); strangeness: 1 minus how
    close the articles' nearest word comes to the least familiar; asked_unknown: how many stand where a
    cause or a remedy is named; describes_signs; specific_coverage / retrieved_coverage: the share of
    the asked words' specificity (Answerability.reading) the closest TOP claims / all retrieved claims
    use ("cortisol" is in a retrieved claim, not in the five closest); claim_coverage / covering_closeness:
    the most of it one claim uses, and how close that claim comes; resemblance (see AnswerabilityModel); names:
    the best claim is below FLOOR and the message names what a passage says or an article (names_what_they_say,
    names_an_article), so the model, fitted on such messages too, learns them apart from the rest ("who is Jun
    Kimura?" 0.13 from the closest claim, answered; "easy crispy tofu stir fry recipe?", refused).
    Left out one set at a time (seven sets, 2026-11-29), the four coverage signals took the share refused
    from 0.967 to 0.971 at the same answered share (0.977); a third view, a regression over the question's
    character n-grams with unknown words masked, lowered both (0.974 / 0.960) and was not kept.
    """
    similarity = reading["similarity"] or [0.0]
    # A word no article uses but one of theirs means ("finger" 0.74 from the articles' nearest word) is as
    # known as that word: neither counted nor named (Answerability.named reads SAME_WORD too).
    unknown = [u for u in reading["unknown"] if u["zipf"] < FILLER and u["closeness"] < SAME_WORD]
    asked = reading.get("asked", [])
    weights = [max(a["weight"], 0.0) for a in asked]
    weight = sum(weights)

    def weighted(where: str) -> float:  # the share of the asked words' specificity found there
        return sum(w for w, a in zip(weights, asked) if a[where]) / weight if weight else 1.0

    # The claim that names the most of what is asked (weighted by specificity), the closest of equals.
    covering = max(((sum(weights[n] for n in uses) / weight if weight else 1.0, closeness)
                    for closeness, uses in reading.get("claims", [])), default=(0.0, 0.0))
    values = (similarity[0], float(np.mean(similarity[:3])), reading["coverage"], len(unknown),
              8 - min((u["zipf"] for u in unknown), default=8.0), 1 - min((u["closeness"] for u in unknown), default=1.0),
              sum(u["asked"] for u in unknown), float(reading["describes_signs"]), weighted("top"), weighted("retrieved"),
              covering[0], covering[1], resemblance,
              float(similarity[0] < FLOOR and bool(reading.get("names_what_they_say") or reading.get("names_an_article"))))
    ranked = sorted(reading["unknown"], key=lambda u: u["closeness"])
    return Signals(tuple(float(v) for v in values), tuple(u["word"] for u in ranked),
                   tuple(u["closeness"] for u in ranked))


def qualifier_values(found: dict, qualifying) -> tuple[float, ...]:
    """The bot.qualifier FEATURES of a qualifier reading (Answerability.qualifier_reading)."""
    return (found["rest"], found["shift"], found["asked"], found["rarity"], found["left"],
            qualifying.kind(np.asarray(found["vector"])))


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
