"""Each sentence's near-copies in other articles, found once at ingest and kept with the generation.

An answer says when other articles say the same thing as a sentence it quotes, and cites them
("Two of the articles say this: …"). Which sentences of other articles come within a cosine of a
sentence depends on no question, so an ingest finds them for every sentence, with every cosine of
FLOOR or more, and saves them beside the generation's token weights; a question then reads a slice
of an array instead of asking the store's nearest-neighbour index (one to three queries per quoted
claim, 3-4 ms each here, more as the library grows).

The files, in `generations/N/same_elsewhere/` (plain .npy arrays, so a bot maps them instead of
reading them, whatever the library's size):
- `indptr.npy` (int64, one more than the sentences): sentence i's neighbours are
  `neighbours[indptr[i]:indptr[i + 1]]` with their `cosines`, in index order;
- `neighbours.npy` (int32): indices of sentences, in the order `Store.sentences()` gives them;
- `cosines.npy` (float32): each pair's cosine, the same whichever rows it was computed with;
- `order.json`: FLOOR and the sha256 of the sentence ids in that order, which a bot checks
  against its own before using the arrays.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np

from ingest import snapshot
from ingest.generations import generation_dir
from ingest.store import SENTENCES, Store, sha256

FOLDER = "same_elsewhere"
# The lowest cosine kept. The answerer calls sentences the same from 0.88 (bot.extractive's same_claim);
# 0.85 leaves it room to be tuned down without a re-ingest (below the floor a bot asks the store, as it
# did before). The real articles have 40 such pairs (14 at 0.88); a synthetic library of 100 articles,
# made of their sections copied, 257,000 (mean 41 a sentence).
FLOOR = 0.85
# Sentences compared with all others at once: 256 x 64,000 cosines is 66 MB at 1,000 synthetic articles, with
# ~35 MB of masks beside it; the ingest holds this on top of the model and Chroma's indexes (512 held twice as
# much). The pairs found don't depend on it (each cosine is computed again row by row).
BLOCK = 256


def order_stamp(sentence_ids: list[str]) -> str:
    """What names one order of the sentences: the arrays' indices hold only in it."""
    return sha256("\n".join(sentence_ids))


def neighbours(vectors: np.ndarray, doc_ids: list[str],
               floor: float = FLOOR) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(indptr, neighbours, cosines) of every sentence: the sentences of other articles within `floor`."""
    counts, found, cosines = np.zeros(len(vectors) + 1, dtype=np.int64), [], []
    for index, near, near_cosines in each_sentence(vectors, doc_ids, floor):
        counts[index + 1] = len(near)
        found.append(near)
        cosines.append(near_cosines)
    return (np.cumsum(counts), np.concatenate(found) if found else np.zeros(0, dtype=np.int32),
            np.concatenate(cosines) if cosines else np.zeros(0, dtype=np.float32))


def each_sentence(vectors: np.ndarray, doc_ids: list[str], floor: float = FLOOR):
    """(index, neighbours (int32), cosines (float32)) of each sentence with any, in index order.

    Sentences with the same vector (the same text, embedded once: see ingest.index.each_text_once) have the
    same neighbours, so each distinct vector is compared once and its neighbours are shared by its copies,
    less those in the copy's own article. A block of distinct vectors is compared with all at once (one
    matrix product) to find the candidates; each candidate's cosine is then computed again on its own
    (einsum, not BLAS, whose last bit depends on how many rows a call has and where a row sits), so copies
    of one sentence in several articles get equal cosines and are ordered by their place in the library,
    not by rounding. The 1,000-article synthetic library has 64,184 sentences and N distinct vectors:
    comparing every sentence took 109 CPU-s there.
    """
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if not len(vectors):
        return
    codes = np.unique(np.asarray(doc_ids), return_inverse=True)[1]
    distinct, group = distinct_rows(vectors)
    members = np.argsort(group, kind="stable")  # sentence indices, grouped by distinct vector, ascending within
    bounds = np.searchsorted(group[members], np.arange(len(distinct) + 1))
    last = np.zeros(len(distinct), dtype=np.intp)
    last[group] = np.arange(len(vectors))  # the last sentence of each distinct vector (the largest index wins)
    near: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}  # distinct vector -> its sentences' candidates
    for start in range(0, len(vectors), BLOCK):
        stop = min(start + BLOCK, len(vectors))
        wanted = [int(g) for g in dict.fromkeys(group[start:stop].tolist()) if g not in near]
        if wanted:
            block = distinct[wanted] @ distinct.T
            for g, row in zip(wanted, block):
                candidates = np.flatnonzero(row >= floor - 1e-3)
                exact = np.einsum("ij,j->i", distinct[candidates], distinct[g])  # row by row: see above
                kept = candidates[exact >= floor]
                sentences = np.concatenate([members[bounds[h]:bounds[h + 1]] for h in kept])
                cosines = np.repeat(exact[exact >= floor], bounds[kept + 1] - bounds[kept])
                order = np.argsort(sentences, kind="stable")
                near[g] = (sentences[order], cosines[order], codes[sentences[order]])
            del block
        for index in range(start, stop):
            g = int(group[index])
            sentences, cosines, their_codes = near[g]
            other = their_codes != codes[index]
            if other.any():
                yield index, sentences[other].astype(np.int32), cosines[other].astype(np.float32)
            if last[g] == index:
                del near[g]


def distinct_rows(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct rows, bit for bit, in order of first appearance; for each row, the index of its distinct row).

    Example: distinct_rows(np.array([[1.], [2.], [1.]], dtype=np.float32))[1].tolist() == [0, 1, 0]
    """
    as_bytes = np.ascontiguousarray(vectors).view(np.dtype((np.void, vectors.dtype.itemsize * vectors.shape[1]))).ravel()
    _, first, inverse = np.unique(as_bytes, return_index=True, return_inverse=True)
    by_first = np.argsort(first, kind="stable")  # unique's order is by bytes: renumber by first appearance
    rank = np.empty_like(by_first)
    rank[by_first] = np.arange(len(by_first))
    return vectors[first[by_first]], rank[inverse.ravel()]


def build(home: Path, store: Store) -> int:
    """Find and save the near-copies of every sentence of the generation `store` holds; how many pairs.

    The pairs are written as they are found (a synthetic library of 1,000 articles made of copied sections
    would have ~25 M: 200 MB that need not be held), then given their .npy headers."""
    sentence_ids, doc_ids, meaning = saved_sentences(home, store)
    folder = generation_dir(home, store.generation) / FOLDER
    for left in folder.parent.glob(f"{FOLDER}.*.tmp"):  # by a killed ingest (one writer at a time: the lock)
        shutil.rmtree(left, ignore_errors=True)
    tmp = folder.with_name(f"{FOLDER}.{os.getpid()}.tmp")
    tmp.mkdir(parents=True)
    counts = np.zeros(len(sentence_ids) + 1, dtype=np.int64)
    with open(tmp / "neighbours.raw", "wb") as found, open(tmp / "cosines.raw", "wb") as cosines:
        for index, near, near_cosines in each_sentence(meaning, doc_ids):
            counts[index + 1] = len(near)
            found.write(near.tobytes())
            cosines.write(near_cosines.tobytes())
    pairs = int(counts.sum())
    np.save(tmp / "indptr.npy", np.cumsum(counts))
    as_npy(tmp / "neighbours.raw", np.int32, pairs, tmp / "neighbours.npy")
    as_npy(tmp / "cosines.raw", np.float32, pairs, tmp / "cosines.npy")
    (tmp / "order.json").write_text(json.dumps({"floor": FLOOR, "order": order_stamp(sentence_ids)}),
                                    encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)  # a killed earlier run's
    os.replace(tmp, folder)
    return pairs


def saved_sentences(home: Path, store: Store) -> tuple[list[str], list[str], np.ndarray]:
    """(sentence ids, their articles' ids, their meaning vectors) in `Store.sentences()` order: from the
    generation's snapshot (ingest.snapshot) when the ingest has written it, else from the store.

    Reading them back out of Chroma held ~170 MB per 64,000-sentence collection it touched, on top of the
    model: the ingest of 1,000 synthetic articles peaked at 1.95 GB here, against 1.39 GB while embedding.
    """
    folder = generation_dir(home, store.generation) / snapshot.FOLDER
    try:
        with open(folder / "records.json", encoding="utf-8") as records:
            rows = json.load(records)["sentences"]  # [id, passage_id, doc_id, start, end, readable]
        meaning = np.load(folder / snapshot.FILES[SENTENCES], mmap_mode="r")
    except (OSError, ValueError, KeyError):
        rows, meaning = None, None
    if rows is not None and len(rows) == len(meaning):
        return [row[0] for row in rows], [row[2] for row in rows], meaning
    sentences, _, _ = store.sentences(with_vectors=False)
    ids = [s.id for s in sentences]
    return ids, [s.doc_id for s in sentences], store.matrix(SENTENCES, ids)  # the meaning vectors only, in one array


def as_npy(raw: Path, dtype, count: int, target: Path) -> None:
    """The array of `count` values of `dtype` whose bytes are in `raw`, as an .npy file (the raw file goes)."""
    with open(target, "wb") as out, open(raw, "rb") as values:
        np.lib.format.write_array_header_1_0(
            out, {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)), "fortran_order": False, "shape": (count,)})
        shutil.copyfileobj(values, out)
    raw.unlink()


class SameElsewhere:
    """The saved near-copies of a generation, mapped from disk (None from `load` when unusable)."""

    def __init__(self, folder: Path, floor: float):
        self.floor = floor
        self.indptr = np.load(folder / "indptr.npy", mmap_mode="r")
        self.neighbours = np.load(folder / "neighbours.npy", mmap_mode="r")
        self.cosines = np.load(folder / "cosines.npy", mmap_mode="r")

    @classmethod
    def load(cls, home: Path, generation: int, sentence_ids: list[str]) -> SameElsewhere | None:
        """The arrays of that generation when they are there and were made for these sentences in this order."""
        folder = generation_dir(home, generation) / FOLDER
        try:
            saved = json.loads((folder / "order.json").read_text(encoding="utf-8"))
            found = cls(folder, float(saved["floor"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if saved["order"] != order_stamp(sentence_ids) or len(found.indptr) != len(sentence_ids) + 1:
            return None
        return found

    def within(self, index: int, threshold: float) -> tuple[np.ndarray, np.ndarray]:
        """(indices, cosines) of the sentences of other articles within `threshold` (>= floor) of sentence `index`."""
        begin, end = int(self.indptr[index]), int(self.indptr[index + 1])
        cosines = np.asarray(self.cosines[begin:end])
        keep = cosines >= threshold
        return np.asarray(self.neighbours[begin:end], dtype=np.intp)[keep], cosines[keep]
