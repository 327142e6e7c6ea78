"""What the policies and the answerer decide from: the retrieved passages, their claims, how close each comes."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from bot.claims import ClaimIndex
from bot.library import Cosines
from bot.retrieve import Found


@dataclass(frozen=True)
class Evidence:
    question: str  # as asked
    query: str  # what was searched (after follow-up rewriting)
    vector: np.ndarray  # the meaning vector claims are compared with (see Bot.answer_vector)
    documents: list[Found]  # the retrieved passages, best first, each with its span and scores
    candidates: list[int]  # the claims of those passages (indices into ClaimIndex.claims)
    sentence_similarity: Cosines  # cosine of any sentence's meaning vector to `vector` (computed when asked)
    closest: list[int]  # each candidate's sentence closest to the question: a claim is as close as it
    # A message asking several questions (bot.questions): the evidence for each, in order, so each gets its
    # own answer; empty for one question.
    parts: tuple["Evidence", ...] = ()
    # In a conversation, the cosines of sentences to the earlier answer's meaning vector (None without one): a
    # follow-up is answered with what it asks next, not with what was said already ("linked how, through which
    # symptom?" after "MS... twitching can occasionally be linked to it" opened by "Rarely, muscle twitching may
    # be a sign of multiple sclerosis").
    earlier: Cosines | None = None
    # In a conversation, the words (stems) of what the assistant said so far (bot.said): a claim made mostly of
    # them is not said again unless the question asks for it.
    said: frozenset[str] = frozenset()
    # ...and the cosines of sentences to the question's own meaning vector, without the earlier turn it is read with
    own: Cosines | None = None
    # ...and, for a follow-up read with the earlier question, the cosines of sentences to that question: what the
    # earlier answer showed answered it (bot.restated)
    asked: Cosines | None = None
    # Under an emergency notice, the message's own meaning vector: the warning sign closest to it opens the
    # answer (the claims were gathered toward the warning signs' text, so all of them are close to that).
    message: np.ndarray | None = None
    # ...and the meaning vectors of the emergency as the triage rules that found it name it (bot.triage.described):
    # a sign is quoted only when it comes close to one of them (or to the message, when only the classifier found it)
    described: tuple[np.ndarray, ...] = ()
    # The meaning vector of the warning signs' summary (bot.triage's see_clinician text): how close a claim and the
    # question come to it tells a "see a neurologist" line from an answer, for the keep decision (bot.keep).
    warning: np.ndarray | None = None
    # Triage found warning signs or an emergency in the message (a see_clinician or urgent notice): then the warning
    # lines are what answers, and the keep decision (bot.keep), fitted on messages describing none, does not apply.
    describes_signs: bool = False
    # The writer sounds worried (bot.worried's fitted model): no serious disease they did not ask about is quoted to
    # them, and one they asked about comes with the articles' reassurance on it (ExtractiveAnswerer).
    worried: bool = False
    # A part asking for one thing of a comparison the message makes (bot.questions.compares): (its thing, the other);
    # it opens with its own half of the comparison (ExtractiveAnswerer.answer_each)
    compares: tuple[str, str] | None = None

    @cached_property  # read ~8 times an ask (best, the answerability reading, relevance, keep), each a Python
    # look-up per candidate; made once per Evidence (a replace() makes a new one), read only (callers copy to change)
    def similarity(self) -> np.ndarray:
        """How close each candidate claim comes to the question."""
        return self.sentence_similarity[self.closest]

    @property
    def best(self) -> float:
        """How close the best claim comes (cosine; 0 with none): the refusal signal."""
        return float(self.similarity.max()) if self.candidates else 0.0


def gather(claims: ClaimIndex, question: str, query: str, vector: np.ndarray, documents: list[Found],
           warning: np.ndarray | None = None) -> Evidence:
    """The evidence for a question from its retrieved passages."""
    candidates = claims.of_passages([doc.id for doc in documents])
    sentence_similarity = claims.library.cosines(vector)
    sentences = [claims.claims[c].sentences for c in candidates]
    values = sentence_similarity.values([i for own in sentences for i in own])  # one read for all
    # each claim's closest sentence, the first of equal ones (as max() keeps): a slice of one array per claim, not
    # a Python call per sentence (0.4 ms of an ask)
    ends = np.cumsum([len(own) for own in sentences])
    closest = [own[int(values[end - len(own):end].argmax())] for own, end in zip(sentences, ends.tolist())]
    return Evidence(question, query, vector, documents, candidates, sentence_similarity, closest, warning=warning)
