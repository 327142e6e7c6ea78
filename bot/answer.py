"""The default answerer: a short answer made only of verbatim claims from the retrieved passages.

No language model: every part of an answer is a quote (a claim: a sentence with the sentences that
lean on it, a list item after its lead-in), followed by the numbers of the citations that hold it,
so an answer can't say anything the articles don't. It refuses when nothing retrieved is close
enough to the question.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from langchain_core.documents import Document

from bot.library import CASE_STUDY, Claim, Library
from bot.text import common, rare, terms

COUNTS = {2: "Two", 3: "Three", 4: "Four", 5: "Five"}
# "How long…", "How many…", "How much water…" ask for an amount ("How much does stress matter?" doesn't).
ASKS_AMOUNT = re.compile(r"\bhow (?:long|many|much "
                         r"(?!(?:does|do|did|is|are|was|can|could|will|would|should|has|have)\b))", re.IGNORECASE)
AMOUNT = re.compile(r"\b(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|few|several|"
                    r"dozen|half|seconds?|minutes?|hours?|days?|weeks?|months?|years?|percent|daily|nightly)\b",
                    re.IGNORECASE)
FOOTNOTE = re.compile(r"(?<=[^\s\d])\d+\b")  # "…mundane reasons.1": a reference number, not an amount
CASE_STUDY_LABEL = "From a case study:"
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


@dataclass
class Citation:
    n: int
    doc_id: str
    title: str
    source: str
    start: int
    end: int
    text: str
    score: float


@dataclass
class Answer:
    question: str
    search_query: str
    answer: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    notices: list[dict] = field(default_factory=list)
    timings_ms: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The JSON answer contract shared by the CLI, the web API and the evals."""
        return asdict(self)


@dataclass(frozen=True)
class Composer:
    """Picks, orders and cites the claims that answer a query."""

    # Calibrated on evals/questions.jsonl (answerable vs uncovered/offtopic; see the eval report).
    min_relevance: float = 0.40  # below this best claim similarity, nothing retrieved answers it
    confident: float = 0.68  # below this, a question word no article uses means it isn't covered
    topic_word: int = 8  # stems this long are topic words ("parkinson", "hereditari"), not filler ("actual")
    topic_rank: int = 10000  # ...unless this common ("Thursday" 7164th, "marathon" 6438th; "restless" 11810th)
    same_word: float = 0.7  # a word this close to one the articles use means what it means (see unmentioned)
    keep_within: float = 0.5  # take claims scoring within this of the best one
    max_sentences: int = 5  # claims, each a sentence or a few that belong together
    max_words: int = 90
    # How many top passages to draw claims from. Fact recall is 0.942 at 8, 0.950 from 9 to 12 (the list of
    # nerve conditions "twitching that won't go away" could point to ranks 9th).
    passages: int = 10
    same_claim: float = 0.88  # sentences this similar say the same thing: cite them together, count the articles
    same_words: float = 0.35  # ...when one uses this share of the other's own words (see Library.same_elsewhere)
    diversity: float = 0.5  # MMR weight against repeating a chosen claim
    # A claim's passage counts too: its score falls by this times how far its passage's retrieval score
    # falls below the best one's, so a sentence close to any question about twitching ("A muscle twitch
    # is an involuntary contraction…") yields to the passage that answers it ("Can even being a little
    # bit dehydrated make the twitches worse?": "Dehydration affects the balance of electrolytes…").
    # Fact recall is 0.942 at 0.5, 0.950 from 0.55 to 0.65, 0.942 at 0.7, 0.925 at 1.0. It replaces a
    # bonus by passage rank, 0.05 / (1 + rank): 0.942, and 0.942 with both (this at 0.3).
    passage_weight: float = 0.6
    # Weight of the claim's BM25 score (scaled to the best candidate's). Fact recall is 0.942 at 0.15, 0.950
    # here and at 0.25, 0.925 at 0.3; evidence precision rises with it (0.246, 0.255, 0.267, 0.268).
    lexical_weight: float = 0.2

    def compose(self, library: Library, query_vector: np.ndarray, query: str, documents: list[Document],
                meaning: Callable[[str], np.ndarray], describes_signs: bool = False) -> tuple[str, list[Citation], bool]:
        """(answer text, citations, refused) for the query and its retrieved passages; `meaning` gives
        a word's meaning vector; `describes_signs`: the question describes warning signs (see triage)."""
        candidates = self.candidates(library, documents)
        if not candidates:
            return self.refusal(library, documents), [], True
        claims = [library.claims[c] for c in candidates]
        sentence_similarity = library.sentence_vectors @ query_vector
        # A claim is as close to the question as its closest sentence; its vector is that sentence's.
        closest = [max(c.sentences, key=lambda i: sentence_similarity[i]) for c in claims]
        similarity = sentence_similarity[closest]
        if self.uncovered(library, set(terms(query)), float(similarity.max()), candidates):
            return self.refusal(library, documents), [], True
        missing = self.unmentioned(library, query, float(similarity.max()), meaning, describes_signs)
        if missing:
            return self.refusal(library, documents, missing), [], True
        lexical = library.claim_lexical_scores(query)[candidates]
        lexical = lexical / lexical.max() if lexical.max() > 0 else lexical
        passage_score = {doc.id: doc.metadata["score"] for doc in documents}
        passage = np.array([passage_score[library.sentences[c.sentences[0]].passage_id] for c in claims])
        behind = passage - max(passage_score.values())
        score = similarity + self.lexical_weight * lexical + self.passage_weight * behind
        # "What did Mark's EMG show?" names the story ("mark"); "Is it ALS?" doesn't, so a general answer leads.
        about_case = bool(CASE_STUDY.search(query) or set(terms(query)) & library.case_study_names)
        chosen = self.reading_order(library, claims, self.select(library, claims, score,
                                                                 library.sentence_vectors[closest]), about_case)
        if ASKS_AMOUNT.search(query) and not any(states_amount(self.readable(library, claims[j])) for j in chosen):
            # "How long do people live after an ALS diagnosis?": claims about ALS that give no span of
            # time are close to the question but don't answer it.
            return self.refusal(library, documents), [], True
        return self.write(library, [(claims[j], closest[j]) for j in chosen], sentence_similarity)

    def candidates(self, library: Library, documents: list[Document]) -> list[int]:
        """The claims of the top passages (indices into library.claims)."""
        return [c for doc in documents[: self.passages] for c in library.claims_of.get(doc.id, [])]

    @staticmethod
    def reading_order(library: Library, claims: list[Claim], chosen: list[int], about_case: bool = False) -> list[int]:
        """Best first, but general statements before a case study's, or the case's first when the question
        is about it; items of one list stay together, in the list's order, after its lead-in."""
        def group(j: int) -> int:
            return claims[j].lead if claims[j].lead is not None else -1 - j
        first_of: dict[int, int] = {}
        for rank, j in enumerate(chosen):
            first_of.setdefault(group(j), rank)
        return sorted(chosen, key=lambda j: (claims[j].case_study != about_case, first_of[group(j)],
                                             library.sentences[claims[j].sentences[0]].start))

    def write(self, library: Library, said: list[tuple[Claim, int]],
              sentence_similarity: np.ndarray) -> tuple[str, list[Citation], bool]:
        """The answer text and its citations for the chosen (claim, its closest sentence) pairs."""
        citations: list[Citation] = []
        parts: list[str] = []
        shown_leads: set[int] = set()

        def cite(sentence_indices: tuple[int, ...]) -> int:
            value = float(sentence_similarity[list(sentence_indices)].max())
            citation = self.citation(library, sentence_indices, len(citations) + 1, value)
            for existing in citations:
                if (existing.doc_id, existing.start, existing.end) == (citation.doc_id, citation.start, citation.end):
                    return existing.n
            citations.append(citation)
            return citation.n

        for claim, closest in said:
            numbers = []
            text = self.readable(library, claim)
            if claim.lead is not None and claim.lead not in shown_leads:
                # The line that introduces a list says what its items are ("consult a neurologist:").
                shown_leads.add(claim.lead)
                numbers.append(cite((claim.lead,)))
                text = f"{library.sentences[claim.lead].readable} {text}"
            numbers.append(cite(claim.sentences))
            # The same thing said in other articles is cited too, and the answer says how many agree.
            others = library.same_elsewhere(closest, self.same_claim, self.same_words)
            numbers += [cite(other.sentences) for other in others]
            if others:
                text = f"{agreement(1 + len(others))} {text}"
            if claim.case_study and not (parts and said[len(parts) - 1][0].case_study):
                text = f"{CASE_STUDY_LABEL} {text}"  # one patient's story, not a general fact: the answer says so
            parts.append(f"{text} {''.join(f'[{n}]' for n in dict.fromkeys(numbers))}")
        return " ".join(parts), citations, False

    def select(self, library: Library, claims: list[Claim], score: np.ndarray, vectors: np.ndarray) -> list[int]:
        """Positions of the claims to say: the best, then MMR over those close to it, within the word budget."""
        best = float(score.max())
        order = sorted(range(len(claims)), key=lambda j: -score[j])
        chosen: list[int] = []
        too_long: set[int] = set()  # claims that no longer fit the word budget
        words = 0
        while len(chosen) < self.max_sentences:
            pick, pick_value = None, -np.inf
            for j in order:
                if j in chosen or j in too_long or score[j] < best - self.keep_within:
                    continue
                # (cosine, same list) to each chosen claim. Items of one list are distinct points, though
                # their shared lead-in makes their vectors alike: they are never skipped as repeats.
                lead = claims[j].lead
                similar = [(float(vectors[j] @ vectors[c]), lead is not None and claims[c].lead == lead)
                           for c in chosen]
                if any(value >= self.same_claim and not sibling for value, sibling in similar):
                    continue
                repeat = max((value for value, _ in similar), default=0.0)
                value = score[j] - self.diversity * repeat
                if value > pick_value:
                    pick, pick_value = j, value
            if pick is None:
                break
            size = len(self.readable(library, claims[pick]).split())
            if chosen and words + size > self.max_words:
                too_long.add(pick)  # a shorter claim may still fit
                continue
            chosen.append(pick)
            words += size
        return chosen

    @staticmethod
    def readable(library: Library, claim: Claim) -> str:
        return " ".join(library.sentences[i].readable for i in claim.sentences)

    def relevance(self, library: Library, query_vector: np.ndarray, documents: list[Document]) -> float:
        """How close the best claim of the top passages comes to the query (cosine; 0 with none).

        The refusal signal: `twitchqa eval` reports how well it separates answerable questions from
        uncovered and off-topic ones (AUROC) at `min_relevance`.
        """
        indices = [i for c in self.candidates(library, documents) for i in library.claims[c].sentences]
        return float((library.sentence_vectors[indices] @ query_vector).max()) if indices else 0.0

    def uncovered(self, library: Library, query_terms: set[str], best: float, candidates: list[int]) -> bool:
        """Nothing retrieved is close enough to the question."""
        if best < self.min_relevance:
            # Unless a claim uses every word of the question: the model doesn't know every acronym
            # ("What is BFS?" is 0.39 from "...conditions such as: Benign fasciculation syndrome (BFS)").
            return not (query_terms and any(query_terms <= library.claim_terms[c] for c in candidates))
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
        def words(text: str) -> list[str]:
            return [w for w in re.findall(r"\w[\w-]*", re.sub(r"['’]s\b", "", text)) if terms(w)]  # "toddler's" -> "toddler"

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

    @staticmethod
    def citation(library: Library, sentence_indices: tuple[int, ...], n: int, score: float) -> Citation:
        """The exact span from the first sentence's start to the last one's end."""
        first, last = library.sentences[sentence_indices[0]], library.sentences[sentence_indices[-1]]
        article = library.articles[first.doc_id]
        return Citation(
            n=n, doc_id=article.id, title=article.title, source=display_path(article.path),
            start=first.start, end=last.end, text=article.text[first.start:last.end],
            score=round(score, 4),
        )

    @staticmethod
    def refusal(library: Library, documents: list[Document], missing: Sequence[str] = ()) -> str:
        """The plain refusal, saying which of the question's words no article mentions, and the closest articles."""
        text = REFUSAL
        if missing:
            named = " or ".join(f"“{w}”" for w in missing)
            text = f"The articles don't mention {named}, so I can't answer this question from them."
        titles = list(dict.fromkeys(library.articles[d.metadata["doc_id"]].title for d in documents[:5]))[:2]
        if not titles:
            return text
        named = " and ".join(f"“{t}”" for t in titles)
        return f"{text} The closest articles are {named}, but they don't answer it."


def display_path(path: Path) -> str:
    """The path relative to the working directory when it lies below it, else absolute."""
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(resolved)


def agreement(articles: int) -> str:
    """Example: agreement(3) == "Three of the articles say this:"."""
    return f"{COUNTS.get(articles, str(articles))} of the articles say this:"


def states_amount(text: str) -> bool:
    """Whether the text gives a number, a count or a span of time ("7–9 hours", "two weeks", "daily")."""
    return bool(AMOUNT.search(FOOTNOTE.sub("", text)))
