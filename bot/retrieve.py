"""Hybrid passage retrieval: three signals fused into one score.

Dense similarity of the passage (Chroma) lands paraphrases ("my calf keeps jumping"); the passage's
closest sentence lands a short answer inside a long passage; lexical search (BM25) lands exact terms
("B12", "3.6 mmol/L", "Isaacs"). Each ranking proposes candidates, and every candidate is scored on
all three: a weighted sum of the two cosines plus the BM25 score squashed into [0, 1).

Both cosines compare search vectors, which weigh a word piece less the more of the corpus it makes
up (ingest.weights), so "twitching" no longer outweighs the word that tells two passages apart:
over the model's plain mean vectors that lifted MRR from 0.893 to 0.903 and fact recall from 0.908
to 0.925 on the gold set; BM25 without length normalization (bot.library) then took MRR to 0.921.

Why a weighted sum and not reciprocal rank fusion: on the gold set RRF (k=60) of the same three
rankings reaches MRR 0.874 and Hit@1 0.792, this 0.921 and 0.867. Over some fifty passages, ranks
throw away how far apart two scores are, and a passage that matches a rare exact term should beat
one that merely ranks next. The weights sit on a plateau: 0.6-0.8 and 0.3-0.5 move MRR by ±0.01.

Last, no article may crowd the others out of the top ranks (spread()).

The retriever is a plain class: langchain's `BaseRetriever` costs 0.85 s to import (its tracers pull
langsmith), a quarter of a cold `twitchqa ask`, and the bot calls `search` directly. `as_langchain()`
gives the same search as a langchain retriever (bot.chains) for anyone composing chains, its passages as
langchain `Document`s; the bot's own are `Found` records with the same three fields.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from ingest.store import PASSAGES


class Found:
    """A retrieved passage as the bot reads it: langchain's `Document` fields (`id`, `page_content`, `metadata`)
    without its pydantic validation, which cost 6.9 us a passage (0.13 us here), ~11 passages a search and one
    search or more an ask (warm34). `as_document()` gives the langchain Document (bot.chains)."""

    __slots__ = ("id", "page_content", "metadata")

    def __init__(self, id: str, page_content: str, metadata: dict):
        self.id, self.page_content, self.metadata = id, page_content, metadata

    def __eq__(self, other) -> bool:  # as Documents compare: field by field
        return isinstance(other, Found) and (self.id, self.page_content, self.metadata) == \
            (other.id, other.page_content, other.metadata)

    __hash__ = None  # mutable, as a Document is

    def __repr__(self) -> str:
        return f"Found(id={self.id!r}, metadata={self.metadata!r})"

    def as_document(self):
        from langchain_core.documents import Document

        return Document(id=self.id, page_content=self.page_content, metadata=dict(self.metadata))


def top(scores: np.ndarray, k: int) -> np.ndarray:
    """The positions of the k highest scores, highest first, equal ones in position order: the first k of a
    stable argsort of -scores, without sorting them all (12,000 passages at 1,000 articles).

    Example: top(np.array([1.0, 3.0, 2.0, 3.0]), 2) -> array([1, 3])
    """
    if len(scores) <= k:
        return np.argsort(-scores, kind="stable")
    kth = np.partition(-scores, k - 1)[k - 1]
    within = np.flatnonzero(-scores <= kth)  # the top k and every score equal to the k-th, in position order
    return within[np.argsort(-scores[within], kind="stable")][:k]


def also_closest(closest: list[str], kept: list[str], ranked: list[str]) -> list[str]:
    """The passages of `closest` (those holding the question's closest sentences, closest first) that the fused
    ranking left out of `ranked`, near-copies of a better one excepted (not in `kept`).

    Example: also_closest(["b", "c", "d"], ["a", "b", "c"], ["a", "b"]) -> ["c"]
    """
    kept_ids = set(kept)
    return [pid for pid in closest if pid in kept_ids and pid not in ranked]


# The products in without_copies stay under the size at which OpenBLAS runs one on a second thread: m x n x k =
# 262,144 (65,536 x GEMM_MULTITHREAD_THRESHOLD 4); see bot.nearest.BLOCK for what its second thread cost. So as
# many rows at a time as fit under it: 16 for a question's ~42 candidates (3 products), 7 for 90. Four rows at a
# time whatever the count made 11 products of ~17 us each for 42 candidates (0.19 ms a search; 3 are 0.06 ms).
ONE_THREAD = 262_144


@dataclass(eq=False)
class HybridRetriever:
    """Hybrid search over the bot's Library; each passage found carries its span and scores."""

    library: Any
    embedder: Any
    k: int = 10
    depth: int = 30  # candidates taken from each ranking
    passage_weight: float = 0.7  # of the passage's cosine; its closest sentence's cosine gets the rest
    lexical_weight: float = 0.4  # of the squashed BM25 score
    lexical_half: float = 5.0  # the BM25 score that counts half (a question's best is 2.5 at the median, 4.8 at p90)
    # What a passage loses for each passage of its article ranked above it, after the first (see spread()).
    crowding: float = 0.03
    same_text: float = 0.95  # passages this similar say the same words (the corpus's closest pair: 0.86)

    def as_langchain(self):
        """This search as a langchain `BaseRetriever` (`.invoke(query)` -> the top k Documents)."""
        from bot.chains import LangchainRetriever

        return LangchainRetriever(hybrid=self, k=self.k)

    def search(self, query: str, k: int, also: int = 0) -> list[Found]:
        """The top k passages for the query, best first; then those of the `also` passages whose closest sentence
        comes closest to it (passages_by_closest_sentence) that are not among them (see also_closest)."""
        library = self.library
        if not library.passage_ids or not query.strip():
            return []
        _, vector = self.embedder.query_pair(query, library.token_weights)  # the search vector
        by_dense = library.nearest_passages(vector, self.depth)
        lexical_all = library.lexical_scores(query)
        by_lexical = [library.passage_ids[i] for i in top(lexical_all, self.depth) if lexical_all[i] > 0]
        # Each passage as close as its closest sentence: a short answer inside a long passage counts.
        by_sentence, closest = library.passages_by_closest_sentence(vector, self.depth)
        candidates = list(dict.fromkeys(by_dense + by_sentence + by_lexical))
        closest.update(library.closest_sentences(vector, [pid for pid in candidates if pid not in closest]))
        vectors = library.vectors(PASSAGES, candidates)  # [candidates, 384], in candidates' order
        row = {pid: n for n, pid in enumerate(candidates)}
        scores: dict[str, tuple[float, float, float]] = {}  # pid -> (fused, passage cosine, BM25)
        for pid, passage_vector in zip(candidates, vectors):
            dense = float(passage_vector @ vector)
            lexical = float(lexical_all[library.passage_position[pid]])
            fused = (self.passage_weight * dense + (1 - self.passage_weight) * closest[pid]
                     + self.lexical_weight * lexical / (lexical + self.lexical_half))
            scores[pid] = (fused, dense, lexical)
        ranked = sorted(scores, key=lambda pid: (-scores[pid][0], pid))
        kept = self.copies_dropped(ranked, vectors[[row[pid] for pid in ranked]])
        ranked = self.spread(kept, {pid: s[0] for pid, s in scores.items()}, k)
        ranked += also_closest(by_sentence[:also], kept, ranked)
        return [self.document(pid, *scores[pid]) for pid in ranked]

    def spread(self, ranked: list[str], fused: dict[str, float], k: int) -> list[str]:
        """The top k of the ranking, re-ranked so that one article can't fill it.

        A long article split into many short passages would otherwise take every top rank with words
        that merely match ("doctor" in five passages of one article kept "consult a neurologist" at
        rank 6). So a passage loses `crowding` for each passage of its article already ranked above
        it, after the first: an answer and the passage that goes on with it stay together. On the gold
        set this lifts Hit@5 from 0.975 to 0.983 anywhere from 0.02 to 0.05, and to 0.992 at 0.06; at 0.08
        fact recall falls from 0.950 to 0.942. Without the free first passage, MRR falls from 0.921 to 0.919.
        """
        passages = self.library.passages
        article = [passages[pid].doc_id for pid in ranked]
        # Each passage's key, `fused - crowding * (passages of its article ranked above - 1)`, updated only for the
        # chosen passage's article, in Python floats (float64, as the numpy arrays of this loop before computed them:
        # the same 170 gold rankings; 0.044 -> 0.021 ms a search for ~42 candidates, warm34, where each rank's numpy
        # calls on a few dozen values cost more than the values; a max() over every passage left for each rank made
        # ~370 Python calls an ask before that). max() takes the first of equal keys: the ranking's own order.
        base = [fused[pid] for pid in ranked]
        keys = base[:]
        above: Counter[str] = Counter()  # each article's passages ranked so far
        left = list(range(len(ranked)))  # positions not chosen yet, in ranking order
        chosen: list[str] = []
        for _ in range(min(k, len(ranked))):
            at = max(left, key=keys.__getitem__)
            left.remove(at)
            chosen.append(ranked[at])
            doc = article[at]
            above[doc] += 1
            if above[doc] > 1:
                down = self.crowding * (above[doc] - 1)
                for i in left:
                    if article[i] == doc:
                        keys[i] = base[i] - down
        return chosen

    def without_copies(self, ranked: list[str], vectors: dict[str, np.ndarray]) -> list[str]:
        """The ranking without passages that repeat a better-ranked one almost word for word (`vectors`:
        passage id -> search vector).

        Articles copied between sites would otherwise fill the top ranks with one text twice.
        """
        if not ranked:
            return []
        return self.copies_dropped(ranked, np.stack([vectors[pid] for pid in ranked]))

    def copies_dropped(self, ranked: list[str], matrix: np.ndarray) -> list[str]:
        """without_copies, with the ranked passages' search vectors as the rows of `matrix`, in their order."""
        if not ranked:
            return []
        # The near-copy pairs in products of as many rows against all as keep BLAS on one thread (ONE_THREAD; a dot
        # per pair, 90 Python iterations each with a product, was 0.7 of an ask's 24 profiled CPU-ms at five
        # articles; one 90 x 90 product is large enough for BLAS to start threads, and on a loaded machine that took
        # 36 ms). A candidate none before it comes near is kept whatever was kept; only the few with a near one
        # earlier are walked.
        rows = max(1, (ONE_THREAD - 1) // (len(ranked) * matrix.shape[1]))
        near = np.empty((len(ranked), len(ranked)), dtype=bool)
        for start in range(0, len(ranked), rows):
            near[start:start + rows] = matrix[start:start + rows] @ matrix.T >= self.same_text
        near &= np.tri(len(ranked), k=-1, dtype=bool)  # each against those ranked above it
        kept = np.ones(len(ranked), dtype=bool)
        for n in np.flatnonzero(near.any(axis=1)).tolist():
            kept[n] = not (near[n] & kept).any()
        return [pid for pid, keep in zip(ranked, kept.tolist()) if keep]

    def document(self, pid: str, fused: float, dense: float, lexical: float) -> Found:
        passage = self.library.passages[pid]
        return Found(
            id=pid,
            page_content=passage.text,
            metadata={
                "passage_id": pid, "doc_id": passage.doc_id, "start": passage.start, "end": passage.end,
                "heading": passage.heading, "kind": passage.kind,
                "score": round(fused, 6), "dense": round(dense, 6),
                "lexical": round(lexical, 6),
            },
        )
