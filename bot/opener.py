"""Which of the likeliest claims opens the answer: a fitted choice between the relevance model's best claim and
the next two, read by what the question's meaning asks of each.

The relevance model (bot.relevance) rates each claim on its own, from readable signals (closeness, shared words,
kinds of answer), so a general sentence that restates the question ("Rarely, muscle twitching may be a sign of
multiple sclerosis (MS).") can rate above the specific detail asked for ("A common symptom of MS is
spasticity.", under "how does MS cause twitching"). Pairwise comparisons over readable signals (which question
words each claim has and the other lacks, a claim that says what comes next after the best, its new words,
the kind of answer beside the kind asked; tried first, in session 11) did not tell them
apart: left out one set at a time, no threshold gained more than 6 of 1,314 first claims. What did is the
question's meaning vector weighing, dimension by dimension, how the two claims' meaning vectors differ
(q * (challenger - best), the closest sentence of each): a logistic regression over that and the gap in the
relevance log-odds, fitted by `python -m evals.fit_opener` on the eval sets' evidence with the relevance scores
a question unseen by the relevance model gets, gives the probability that the challenger quotes evidence the
best claim misses. The likeliest challenger at least `threshold` likely opens instead. Evaluated with numpy.

The regression also reads what kind of sentence each claim is (late29): the difference of the two meaning vectors
itself, and that difference once more for each kind of answer the question asks (why, how, what, yes or no;
pair_rows). Blind judges found the first sentence off point where a definition or background sentence opened
before the answer ("Calcium deficiency is known as hypocalcemia." under "what foods have calcium in them?"); such a
sentence lies elsewhere in meaning than a value, a cause or a yes or no, whatever the question's own meaning.

The challengers are the likeliest claims the answer says anyway (bot.extractive's chosen ones after the best), not
the next likeliest candidates: the opener then only reorders the answer, which keeps every claim it had. With the
next likeliest candidates (session 13), a challenger outside the answer opened 55 times in 2,699 left-out questions
and the answer re-chosen around it dropped a fact-bearing claim (first26: held-out facts 0.921 -> 0.900). Left out
one set at a time on 27 sets (2,699 questions; branch late28), first claims quoting evidence at
threshold 0.6: best alone 1,802; next likeliest two 1,948 (held-out -2); the answer's likeliest two 1,960
(held-out +2; most lost by a set, training-l, -3); its likeliest four or six 1,965 / 1,961 (held-out -1 / -2).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.echo import used, whole_words
from bot.names import NAMED_WEIGHT, article_names
from bot.relevance import YES_NO, asked_terms, question_word
from bot.story import QUOTED, asks_about_self
from bot.text import terms

MODEL_FILE = Path(__file__).parent / "data" / "opener_model.json"
CHALLENGERS = 2  # the claims after the best that may open instead (its runner-up and the one after)
# English's closed class of auxiliaries, modals and copulas: a statement's grammatical subject is the words before its
# first one ("Eyelid twitching (myokymia) | is very common…"), a list item's or a table row's the words before its colon
# ("Sleep deprivation: | Chronic lack of rest…").
AUXILIARY = re.compile(r"\b(?:is|are|was|were|be|been|can|could|may|might|will|would|should|must|does|do|did|has|"
                       r"have|had)\b", re.IGNORECASE)
COPULA = ("is", "are", "was", "were", "am")  # what "Is X normal?" asks, and what "X is very common" answers
HEAD_WORDS = 6  # a subject seldom runs longer; past it a sentence with a full verb ("…occur when…") is into its predicate


def challengers(likely: np.ndarray, count: int = CHALLENGERS, among: list[int] | None = None) -> list[int]:
    """The positions of the `count` likeliest candidates after the best (finite log-odds only), likeliest first;
    with `among`, only those of these positions (the claims the answer says).

    >>> challengers(np.array([0.5, 2.0, -np.inf, 1.0, 0.7]))
    [3, 4]
    >>> challengers(np.array([0.5, 2.0, -np.inf, 1.0, 0.7]), among=[1, 4, 0])
    [4, 0]
    """
    order = np.argsort(-likely, kind="stable")
    order = order[np.isfinite(likely[order])]  # (a Python loop over every candidate before)
    if among is not None:
        allowed = set(among)
        order = order[[int(j) in allowed or k == 0 for k, j in enumerate(order)]]
    return order[1:1 + count].tolist()


def kind(query: str) -> np.ndarray:
    """The kind of answer the question asks for, as bot.relevance reads it from its first question word: [why (a
    cause), how, what or which (a value, a name), a yes-or-no auxiliary].

    >>> kind("Is having too much potassium dangerous?").tolist(), kind("why do my legs twitch").tolist()
    ([0.0, 0.0, 0.0, 1.0], [1.0, 0.0, 0.0, 0.0])
    """
    word = question_word(query)
    return np.array([word == "why", word == "how", word in ("what", "which"), word in YES_NO], dtype=np.float64)


def head(text: str) -> str:
    """A claim's grammatical subject, read without a parser: a list item's or table row's words before its colon,
    else the words before its first auxiliary, at most HEAD_WORDS words.

    >>> head("Sleep deprivation: Chronic lack of rest disrupts normal neurological function")
    'Sleep deprivation'
    >>> head("Eyelid twitching (myokymia) is very common and usually caused by stress")
    'Eyelid twitching (myokymia)'
    >>> head("A common place to experience muscle twitching from tiredness is in the eyelid.")
    'A common place to experience muscle'
    """
    colon = text.find(":")
    if 0 < colon and len(text[:colon].split()) <= HEAD_WORDS:
        return text[:colon].strip()
    verb = AUXILIARY.search(text)
    words = (text[:verb.start()] if verb else text).split()
    return " ".join(words[:HEAD_WORDS])


def heads_asked(texts: list[str], query: str, library) -> np.ndarray:
    """Per claim (its first sentence's text): 2 when its grammatical subject (head()) uses a word the question asks
    about (not the articles' subject, "muscle", "twitch") and a copula follows it, so the claim says what the asked
    thing is ("Eyelid twitching (myokymia) is very common…" under "Is eyelid twitching normal?"); 1 when its subject
    uses an asked word with another verb ("A herniated disk can cause…"); 0 when its subject uses none ("Sleep
    deprivation: … especially in the eyelids and limbs.", "A common place … is in the eyelid.").
    """
    asked, whole = sorted(asked_terms(query, library)), whole_words(query)
    out = []
    for text in texts:
        subject = head(text)
        if not used(asked, set(terms(subject)), whole):
            out.append(0.0)
            continue
        after = text[len(subject):].lstrip(" ,(").split()
        out.append(2.0 if after and after[0].lower() in COPULA else 1.0)
    return np.array(out, dtype=np.float64)


def claim_subjects(library, claims: list, query: str) -> "ClaimSubjects":
    """heads_asked() of each claim's (bot.claims.Claim) first sentence, each found when first read (ClaimSubjects)."""
    return ClaimSubjects(library, claims, query)


class ClaimSubjects:
    """`subjects[j]`: heads_asked() of claim j's first sentence, found when first read. keeps_subject reads at most the
    best claim's and two challengers', and only when the question asks "is/are X…?"; all of a question's ~40 candidates'
    were found before (warm39: 1,000 of a gold question's ~5,400 Python calls; cProfile, thread time)."""

    def __init__(self, library, claims: list, query: str):
        self.library, self.claims, self.query, self.found = library, claims, query, {}

    def __getitem__(self, j: int) -> float:
        if j not in self.found:
            text = self.library.sentences[self.claims[j].sentences[0]].readable
            self.found[j] = float(heads_asked([text], self.query, self.library)[0])
        return self.found[j]


def keeps_subject(query: str, heads: np.ndarray, best: int, challenger: int) -> bool:
    """Whether the best claim keeps the opening from a challenger the opener model prefers: the question asks "is/are
    X …?" (its question word a copula), the best claim says what the asked thing is (heads_asked 2) and the
    challenger's subject is not asked (0). Issue 21: "Is eyelid twitching normal?" opened with "Here are the most
    frequent triggers: … Sleep deprivation: … especially in the eyelids and limbs." (the model's 0.89 for it), the
    answer "Eyelid twitching (myokymia) is very common…" second.

    >>> keeps_subject("Is eyelid twitching normal?", np.array([2.0, 0.0]), 0, 1)
    True
    >>> keeps_subject("Can eyelid twitching be serious?", np.array([2.0, 0.0]), 0, 1)
    False
    """
    return bool(question_word(query) in COPULA and heads[best] == 2 and heads[challenger] == 0)


def pair_rows(question: np.ndarray, vectors: np.ndarray, likely: np.ndarray, best: int,
              others: list[int], asks: np.ndarray) -> np.ndarray:
    """One row per challenger: [its log-odds minus the best's, *question * d, *d, *(asks[k] * d for each kind k)],
    where d is its meaning vector minus the best's; `vectors` holds each candidate's (its closest sentence's),
    `question` the question's, `asks` the question's kind (kind()).

    The last parts (late29) say what kind of sentence each claim is, and whether it is the kind the question asks
    for: a definition or background sentence ("Muscle twitches, medically known as fasciculations, occur when…")
    lies elsewhere in meaning than a value, a yes or no, a cause or the doctor to see, and the fit learns which
    directions open well, whatever was asked (d) and for each kind of question (asks[k] * d). Left out one set at a
    time on 28 sets (2,699 questions; branch late29), first claims quoting evidence at threshold 0.6 (best
    claim alone 1,807): 1,963 with the first two parts alone, 1,998 with d, 2,027 with the kinds too (C 0.03); the
    most any set loses against the best claim alone 3 / 3 / 1, held-out 121 -> 118 / 118 / 121.
    """
    question = np.asarray(question, dtype=np.float64)
    width = len(question)
    d = vectors[others] - vectors[best]
    rows = np.hstack([np.array([[float(likely[j] - likely[best])] for j in others]).reshape(-1, 1), question * d, d,
                      *(weight * d for weight in asks)])
    return rows


def tells_story(index, query: str) -> bool:
    """Whether the question asks for a story in a source's own words: a case study, a person the articles quote, the
    writer's own experience (bot.story.story_opener opens those). The opener model does not choose there, as it was
    not fitted to tell such sentences apart: "the physical therapist who wrote the blog, how long do his own twitches
    last?" opened with a table's "Duration — Normal Twitch: Seconds to minutes…" instead of the writer's "I often get
    muscle twitching…". (Before first39 every question naming an article or its writer was left out too: about_source.)"""
    return index.about_case(query) or bool(QUOTED.search(query)) \
        or index.about_author(query) and asks_about_self(query)


def open_among(index, query: str, claims: list, said: list[int]) -> list[int]:
    """The positions of the claims (of `said`, the ones the answer says) that may open instead of the best: none when
    the question asks for a story (tells_story) or about a writer by role or name but no article it names (bot.names);
    of the articles it names most strongly when it names one; else all of `said`.

    Issue 21 (first39): questions naming an article were all left to bot.names.named_opener, which opens with the
    named article's likeliest claim and chooses nothing when the best claim is already that article's. Of the 61
    messages the blind judges found opening off point in sealed am, ak, ai and ag, 16 asked about a source, and the
    named Dr.Oracle page's treatment list ("Staying hydrated; Maintaining proper electrolyte balance; …") opened
    "what usually sets off muscle twitches?", "which electrolytes…?" and "when should twitching get a medical
    evaluation?" alike. Within the named articles the model reads what is asked, as for any other question."""
    if tells_story(index, query):
        return []
    named = article_names(index.library).named(query)
    top = max(named.values(), default=0.0)
    if top < NAMED_WEIGHT:
        return [] if index.about_author(query) else list(said)
    strongest = {doc for doc, weight in named.items() if weight >= top - 1e-9}
    sentences = index.library.sentences
    return [j for j in said if sentences[claims[j].sentences[0]].doc_id in strongest]


@dataclass(frozen=True)
class OpenerModel:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float  # a challenger opens when at least this likely to quote evidence the best claim misses

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "OpenerModel":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(np.array(data["mean"]), np.array(data["scale"]), np.array(data["coef"]), float(data["intercept"]),
                   float(data["threshold"]))

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """The probability that each row's challenger quotes evidence its best claim misses."""
        if not len(rows):
            return np.zeros(0)
        z = (np.asarray(rows, dtype=np.float64) - self.mean) / self.scale @ self.coef + self.intercept
        return 1 / (1 + np.exp(-z))

    def opener(self, question: np.ndarray, vectors: np.ndarray, likely: np.ndarray, among: list[int] | None = None,
               query: str = "", heads: np.ndarray | None = None) -> int | None:
        """The position of the challenger (of `among`, the claims the answer says, when given) that opens instead
        of the best claim; None when the best opens. `query`: the question's words, whose kind the model reads;
        `heads`: per candidate, heads_asked() (claim_subjects()), read by keeps_subject()."""
        if not len(likely) or not np.isfinite(likely).any() or self.threshold > 1:
            return None
        best, others = int(np.argmax(likely)), challengers(likely, among=among)
        asks = kind(query)
        if not others or (2 + len(asks)) * len(question) != len(self.coef) - 1:
            return None
        p = self.probabilities(pair_rows(question, vectors, likely, best, others, asks))
        if heads is not None:
            p = np.where([keeps_subject(query, heads, best, j) for j in others], 0.0, p)
        pick = int(np.argmax(p))
        return others[pick] if p[pick] >= self.threshold else None


@lru_cache(maxsize=1)
def model() -> OpenerModel | None:
    """The fitted opener model, or None when none is fitted (the best claim opens)."""
    return OpenerModel.load() if MODEL_FILE.exists() else None
