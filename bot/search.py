"""How a question searches the library: its nearest passages and sentences (an exact product over the snapshot's
mapped vectors, a first pass over their projection, or the store's nearest-neighbour index: bot.nearest), each
passage's closest sentence, a sentence's near-copies in other articles, and BM25. Library (bot.library) loads
what these read; this is the part whose cost a question pays, kept independent of the library's size.
"""
from __future__ import annotations

import numpy as np

import bot.nearest as vector_search  # its constants read at each call: tests set them
from bot.lexical import bm25_scores
from bot.text import terms
from ingest.store import DIMENSIONS, PASSAGES, SENTENCE_SEARCH, SENTENCES


class Search:
    """The question-time searches of a Library (its base class: the attributes read are set by Library.__init__)."""

    def nearest_passages(self, vector: np.ndarray, n: int) -> list[str]:
        """Ids of the n passages closest to a search vector (dense search, in the store)."""
        return self.nearest(PASSAGES, vector, min(n, len(self.passage_ids)))

    def exact_rows(self, kind: str) -> np.ndarray | None:
        """The snapshot's mapped vectors of a kind when a search of it is their exact product (embedded, at most EXACT
        records), else None (the store searches)."""
        rows = self.snapshot.rows.get(kind) if self.snapshot is not None and self.client is None else None
        return rows if rows is not None and len(rows) <= vector_search.EXACT else None

    def nearest(self, kind: str, vector: np.ndarray, n: int) -> list[str]:
        """Ids of the n passages or sentences (`kind`: their search vectors) closest to a vector, closest first:
        the store's nearest-neighbour query, or for a collection of at most EXACT records whose vectors the
        snapshot maps, the exact product with all of them (at five articles, 53 passages and 283 sentences:
        0.05 ms against a Chroma query's 1-2 ms, most of a question's time besides the embedding). Embedded only:
        on a Chroma server every question still asks it, so a server that goes down is one line at the next
        question (ingest.store.StoreUnreachable), not a bot answering on from a mirror."""
        closest = self.nearest_rows(kind, vector, n)
        if closest is None:
            return self.store.nearest(kind, vector, n)
        if kind == PASSAGES:
            return [self.passage_ids[i] for i in closest]
        return [self.sentence_ids[i] for i in closest]

    def nearest_rows(self, kind: str, vector: np.ndarray, n: int) -> list[int] | None:
        """The row numbers (passage_ids' or sentences' order) of what `nearest` finds, when it is found here without
        the store (an exact product, or a first pass over a projection); None when the store searches."""
        rows = self.exact_rows(kind)
        if rows is not None:
            return vector_search.closest_first(vector_search.products(rows, vector), n).tolist()
        if kind in self.reduced:
            return self.reduced_closest(kind, vector, n).tolist()
        return None

    def reduced_closest(self, kind: str, vector: np.ndarray, n: int) -> np.ndarray:
        """The indices of the n rows of a kind closest to a vector, closest first, equal ones in index order: the
        exact products of the REDUCED[kind][1] rows whose projections come closest (see REDUCED)."""
        basis, projected = self.reduced[kind]
        return vector_search.reduced_closest(basis, projected, lambda found: self.snapshot.take(kind, found), vector,
                                       vector_search.REDUCED[kind][1], n)

    def closest_sentences(self, query_vector: np.ndarray, passage_ids: list[str]) -> dict[str, float]:
        """passage id -> the cosine of its sentence closest to the query (search vectors), for these passages."""
        passage_ids = [pid for pid in dict.fromkeys(passage_ids) if pid in self.sentences_of]
        if not passage_ids:
            return {}
        indices, starts = self.sentences_in(passage_ids)
        if self.snapshot is not None:
            rows = self.snapshot.take(SENTENCE_SEARCH, indices)
        else:
            rows = self.vectors(SENTENCE_SEARCH, [self.sentences[i].id for i in indices])
        similarity = rows @ np.asarray(query_vector, dtype=np.float32)
        return dict(zip(passage_ids, map(float, np.maximum.reduceat(similarity, starts))))

    def sentences_in(self, passage_ids: list[str]) -> tuple[np.ndarray | list[int], np.ndarray]:
        """(the indices of these passages' sentences, passage after passage; where each passage's begin among them).

        The same indices in the same order either way, so the product over their rows is the same call (its bits
        depend on which rows it holds, and where: OpenBLAS's row kernels)."""
        runs = self.sentence_runs
        if runs is None:
            counts = [len(self.sentences_of[pid]) for pid in passage_ids]
            return [i for pid in passage_ids for i in self.sentences_of[pid]], np.cumsum([0] + counts[:-1])
        at = np.fromiter(map(self.sentence_run.__getitem__, passage_ids), dtype=np.intp, count=len(passage_ids))
        first, count = runs[0][at], runs[1][at]
        starts = np.cumsum(count) - count
        return np.repeat(first - starts, count) + np.arange(int(starts[-1] + count[-1]), dtype=np.intp), starts

    def passages_by_closest_sentence(self, query_vector: np.ndarray, n: int) -> tuple[list[str], dict[str, float]]:
        """(the n passages whose closest sentence comes closest to the query, closest first; passage id ->
        that cosine). The store's nearest sentences (HNSW) name the passages, asking for more until they
        name n of them; their cosines are computed here, and equal ones keep the passages' order."""
        want, asked = min(n, len(self.sentences_of)), 4 * n
        while True:
            asked = min(asked, len(self.sentences))
            # Row numbers, not ids: a sentence's passage is a column of the snapshot, and no record is made for it
            # (the 120 sentence records an ask made here, and their ids looked up again, were 0.6 of its 24 CPU-ms
            # under cProfile at five articles).
            rows = self.nearest_rows(SENTENCE_SEARCH, query_vector, asked) if asked else []
            if rows is None:
                rows = [self.sentence_index[i] for i in self.store.nearest(SENTENCE_SEARCH, query_vector, asked)]
            found = list(dict.fromkeys(map(self.passage_of_sentence.__getitem__, rows)))
            if len(found) >= want or asked == len(self.sentences):
                break
            asked *= 4
        closest = self.closest_sentences(query_vector, found)
        ranked = sorted(closest, key=lambda pid: (-closest[pid], self.sentence_run[pid]))[:n]
        return ranked, closest

    def elsewhere_within(self, index: int, threshold: float) -> tuple[np.ndarray, np.ndarray]:
        """(indices, cosines) of the sentences of other articles whose meaning vectors come within `threshold`
        of sentence `index`'s, in index order: a slice of what the ingest found (no store query, whatever
        the library's size), or, without it or below its floor, the store's nearest neighbours."""
        if self.same_elsewhere is not None and threshold >= self.same_elsewhere.floor:
            return self.same_elsewhere.within(index, threshold)
        found, cosines = self.sentences_within(index, threshold)
        own = self.sentences[index].doc_id
        other = np.array([self.sentences[i].doc_id != own for i in found.tolist()], dtype=bool)
        order = np.argsort(found, kind="stable")
        return found[order][other[order]], cosines[order][other[order]]

    def sentences_within(self, index: int, threshold: float, first: int = 32) -> tuple[np.ndarray, np.ndarray]:
        """(indices, cosines) of the sentences whose meaning vectors come within `threshold` of sentence
        `index`'s, itself included: the store's nearest-neighbour index finds them (asking for more while
        all it returns are within), instead of a product with every sentence of the library (62,000 at
        1,000 articles: 50 ms a claim under load at 100 articles); the cosines are computed here, from the
        same vectors, so what passes the threshold is what the full product passed."""
        vector, n = self.meaning_vectors([index])[0], first
        while True:
            n = min(n, len(self.sentences))
            nearest = self.store.nearest_sentences(vector, n)  # their vectors come with them: no second read
            self.keep(SENTENCES, nearest)  # the answer cites these sentences next: one read per claim, not per citation
            found = np.array([self.sentence_index[i] for i in nearest], dtype=np.intp)
            similarity = np.array(list(nearest.values()), dtype=np.float32).reshape(-1, DIMENSIONS) @ vector
            if n == len(self.sentences) or (similarity < threshold).any():
                keep = similarity >= threshold
                return found[keep], similarity[keep]
            n *= 4

    def lexical_scores(self, query: str) -> np.ndarray:
        """BM25 score of every passage (in `passage_ids` order) for the query."""
        query_terms = terms(query)
        if not query_terms or not self.passage_ids:
            return np.zeros(len(self.passage_ids), dtype=np.float32)
        return bm25_scores(self.bm25, query_terms)
