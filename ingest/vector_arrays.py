"""Every sentence's and passage's vectors, saved once at ingest as plain .npy arrays that a bot maps.

A question reads a few hundred vectors by id: the sentences of its candidate passages (their search
vectors), its candidate claims and the near-copies an answer cites (their meaning vectors). Read from
Chroma, one `get` of a few hundred ids took 20-55 ms at 1,000 articles (5 or 6 a question: a third of
a warm ask); from a mapped array a row is an index. Opening maps the files (O(1), whatever the size):
only the pages a question touches are read, so the resident memory grows with what is asked, not with
the library.

The files, in `generations/N/vectors/`:
- `sentences.npy`, `sentence_search.npy` (float32, one row per sentence in the order
  `Store.sentences()` gives them): meaning and search vectors, as the store holds them (the same bits);
- `passages.npy` (float32, one row per passage in `Store.passages()` order): search vectors;
- `order.json`: sha256 of the sentence ids and of the passage ids in those orders, which a bot checks
  against its own before using the arrays (on a Chroma server's mirror there are none: it reads the store).
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np

from ingest.store import DIMENSIONS, PASSAGES, SENTENCE_SEARCH, SENTENCES, Store, generation_dir, sha256

FOLDER = "vectors"
FILES = {SENTENCES: "sentences.npy", SENTENCE_SEARCH: "sentence_search.npy", PASSAGES: "passages.npy"}
STEP = 5_000  # ids read from the store at once: the ingest holds 7 MB of vectors at a time, not the library's


def order_stamp(ids: list[str]) -> str:
    """What names one order of records: the arrays' rows hold only in it."""
    return sha256("\n".join(ids))


def saved(home: Path, generation: int) -> bool:
    return (generation_dir(home, generation) / FOLDER / "order.json").exists()


def save(home: Path, store: Store) -> None:
    """Write the vectors of the generation `store` holds, a step of rows at a time, then move them into place."""
    sentence_ids = [s.id for s in store.sentences(with_vectors=False)[0]]
    passage_ids = [p.id for p in store.passages(with_vectors=False)[0]]
    folder = generation_dir(home, store.generation) / FOLDER
    for left in folder.parent.glob(f"{FOLDER}.*.tmp"):  # by a killed ingest (one writer at a time: the lock)
        shutil.rmtree(left, ignore_errors=True)
    tmp = folder.with_name(f"{FOLDER}.{os.getpid()}.tmp")
    tmp.mkdir(parents=True)
    for kind, ids in ((SENTENCES, sentence_ids), (SENTENCE_SEARCH, sentence_ids), (PASSAGES, passage_ids)):
        rows = np.lib.format.open_memmap(tmp / FILES[kind], mode="w+", dtype=np.float32,
                                         shape=(len(ids), DIMENSIONS))
        for start in range(0, len(ids), STEP):
            step = ids[start:start + STEP]
            found = store.vectors(kind, step)
            rows[start:start + len(step)] = np.asarray([found[i] for i in step], dtype=np.float32)
        rows.flush()
        del rows
    (tmp / "order.json").write_text(json.dumps({"sentences": order_stamp(sentence_ids),
                                                "passages": order_stamp(passage_ids)}), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)  # a killed earlier run's
    os.replace(tmp, folder)


class VectorArrays:
    """The saved vectors of a generation, mapped from disk (None from `load` when unusable)."""

    def __init__(self, folder: Path):
        self.rows = {kind: np.load(folder / name, mmap_mode="r") for kind, name in FILES.items()}

    @classmethod
    def load(cls, home: Path, generation: int, sentence_ids: list[str], passage_ids: list[str]) -> VectorArrays | None:
        """The arrays of that generation when they are there and were made for these records in these orders."""
        folder = generation_dir(home, generation) / FOLDER
        try:
            stamps = json.loads((folder / "order.json").read_text(encoding="utf-8"))
            found = cls(folder)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if (stamps.get("sentences") != order_stamp(sentence_ids) or stamps.get("passages") != order_stamp(passage_ids)
                or len(found.rows[SENTENCES]) != len(sentence_ids) or len(found.rows[SENTENCE_SEARCH]) != len(sentence_ids)
                or len(found.rows[PASSAGES]) != len(passage_ids)):
            return None
        return found

    def __contains__(self, kind: str) -> bool:
        return kind in self.rows

    def take(self, kind: str, positions) -> np.ndarray:
        """The rows at these positions, in this order (a float32 matrix of DIMENSIONS columns)."""
        return np.asarray(self.rows[kind][np.asarray(positions, dtype=np.intp)], dtype=np.float32).reshape(-1, DIMENSIONS)
