"""The default answerer: a short answer made only of verbatim sentences from the retrieved passages.

No language model: every sentence of an answer is a quote, followed by the number of the
citation that holds it, so an answer can't say anything the articles don't. It refuses when
nothing retrieved is close enough to the question.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from langchain_core.documents import Document

from bot.library import Library
from bot.text import terms

REFUSAL = "The articles don't cover this question, so I can't answer it from them."


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
    """Picks, orders and cites the sentences that answer a query."""

    # Calibrated on evals/questions.jsonl (answerable vs uncovered/offtopic; see the eval report).
    min_relevance: float = 0.40  # below this best sentence similarity, nothing retrieved answers it
    confident: float = 0.68  # below this, a question word no article uses means it isn't covered
    topic_word: int = 8  # stems this long are topic words ("parkinson", "hereditari"), not filler ("actual")
    keep_within: float = 0.25  # take sentences scoring within this of the best one
    max_sentences: int = 5
    max_words: int = 90
    passages: int = 6  # how many top passages to draw sentences from
    same_claim: float = 0.88  # sentences this similar say the same thing: cite them together
    diversity: float = 0.3  # MMR weight against repeating a chosen sentence

    def compose(self, library: Library, query_vector: np.ndarray, query: str,
                documents: list[Document]) -> tuple[str, list[Citation], bool]:
        """(answer text, citations, refused) for the query and its retrieved passages."""
        # A line ending in ':' only introduces a list; alone it says nothing.
        candidates = [i for doc in documents[: self.passages] for i in library.sentences_of.get(doc.id, [])
                      if not library.sentences[i].readable.endswith(":")]
        if not candidates:
            return self.refusal(library, documents), [], True
        vectors = library.sentence_vectors[candidates]
        similarity = vectors @ query_vector
        query_terms = set(terms(query))
        overlap = np.array([self.term_overlap(query_terms, library.sentences[i].readable) for i in candidates])
        rank_of = {doc.id: rank for rank, doc in enumerate(documents)}
        passage_rank = np.array([rank_of[library.sentences[i].passage_id] for i in candidates])
        score = similarity + 0.15 * overlap + 0.05 / (1 + passage_rank)
        best = int(np.argmax(score))
        if self.uncovered(library, query_terms, float(similarity.max())):
            return self.refusal(library, documents), [], True

        chosen: list[int] = []  # positions in candidates
        words = 0
        order = sorted(range(len(candidates)), key=lambda j: -score[j])
        while len(chosen) < self.max_sentences:
            pick, pick_value = None, -np.inf
            for j in order:
                if j in chosen or score[j] < score[best] - self.keep_within:
                    continue
                repeat = max((float(vectors[j] @ vectors[c]) for c in chosen), default=0.0)
                if repeat >= self.same_claim:
                    continue
                value = score[j] - self.diversity * repeat
                if value > pick_value:
                    pick, pick_value = j, value
            if pick is None:
                break
            size = len(library.sentences[candidates[pick]].readable.split())
            if chosen and words + size > self.max_words:
                break
            chosen.append(pick)
            words += size
        # Read in document order within each article, articles in order of their best sentence.
        first_seen = {}
        for j in chosen:
            first_seen.setdefault(library.sentences[candidates[j]].doc_id, len(first_seen))
        chosen.sort(key=lambda j: (first_seen[library.sentences[candidates[j]].doc_id],
                                   library.sentences[candidates[j]].start))

        citations: list[Citation] = []
        parts: list[str] = []
        for j in chosen:
            # Near-identical sentences elsewhere (another article saying the same) are cited too.
            agreeing = [j] + [k for k in order if k != j and k not in chosen
                              and library.sentences[candidates[k]].doc_id != library.sentences[candidates[j]].doc_id
                              and float(vectors[j] @ vectors[k]) >= self.same_claim][:2]
            numbers = []
            for k in agreeing:
                citation = self.citation(library, candidates[k], len(citations) + 1, float(similarity[k]))
                existing = next((c for c in citations if (c.doc_id, c.start, c.end) ==
                                 (citation.doc_id, citation.start, citation.end)), None)
                if existing is None:
                    citations.append(citation)
                    existing = citation
                numbers.append(existing.n)
            marker = "".join(f"[{n}]" for n in dict.fromkeys(numbers))
            parts.append(f"{library.sentences[candidates[j]].readable} {marker}")
        return " ".join(parts), citations, False

    def uncovered(self, library: Library, query_terms: set[str], best: float) -> bool:
        """Nothing retrieved is close enough, or a long topic word of the question is in no article."""
        if best < self.min_relevance:
            return True
        unknown = [t for t in query_terms if t not in library.vocabulary and len(t) >= self.topic_word]
        return bool(unknown) and best < self.confident

    @staticmethod
    def term_overlap(query_terms: set[str], text: str) -> float:
        if not query_terms:
            return 0.0
        return len(query_terms & set(terms(text))) / len(query_terms)

    @staticmethod
    def citation(library: Library, sentence_index: int, n: int, score: float) -> Citation:
        sentence = library.sentences[sentence_index]
        article = library.articles[sentence.doc_id]
        return Citation(
            n=n, doc_id=article.id, title=article.title, source=display_path(article.path),
            start=sentence.start, end=sentence.end, text=article.text[sentence.start:sentence.end],
            score=round(score, 4),
        )

    @staticmethod
    def refusal(library: Library, documents: list[Document]) -> str:
        titles = list(dict.fromkeys(library.articles[d.metadata["doc_id"]].title for d in documents[:5]))[:2]
        if not titles:
            return REFUSAL
        named = " and ".join(f"“{t}”" for t in titles)
        return f"{REFUSAL} The closest articles are {named}, but they don't answer it."


def display_path(path: Path) -> str:
    """The path relative to the working directory when it lies below it, else absolute."""
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(resolved)
