"""A generation as a bot reads it, saved once at ingest: its records and its vectors, in plain files.

Opening a library of 1,000 articles read 62,000 sentences and 12,000 passages out of Chroma (metadata only):
6 CPU-seconds, and 670 MB of the bot's resident memory that Chroma's reads kept after returning 130 MB of
records. And a question reads a few hundred vectors by id: the sentences of its candidate passages (their
search vectors), its candidate claims and the near-copies an answer cites (their meaning vectors); one
Chroma `get` of a few hundred took 20-55 ms at 1,000 articles (5 or 6 a question: a third of a warm ask).
So the ingest writes both here; a bot reads the records (one JSON file) and maps the vectors (O(1),
whatever the size: only the pages a question touches are read). The store is still asked for nearest
neighbours. On a Chroma server the snapshot is published with the generation's other files and pulled
into each bot's mirror (ingest.server_files); an index from before snapshots is read from the store.

The files, in `generations/N/snapshot/`:
- `records.json`: the sentences (in the order `Store.sentences()` gives them), the passages (in
  `Store.passages()` order) and the words, with the fields the store keeps;
- `sentences.npy`, `sentence_search.npy` (float32, one row per sentence, in that order): meaning and
  search vectors, as the store holds them (the same bits); `passages.npy`: the passages' search vectors;
- `order.json`: sha256 of the sentence ids and of the passage ids in those orders, and the counts, which a
  bot checks against the store's before using the snapshot.
"""
from __future__ import annotations

import json
import operator
import os
import shutil
from pathlib import Path
from typing import Callable

import numpy as np

from ingest.errors import IndexMismatch
from ingest.generations import generation_dir
from ingest.manifest import REBUILD
from ingest.store import (DIMENSIONS, PASSAGES, SENTENCE_SEARCH, SENTENCES, WORDS, Store, StoredPassage, StoredSentence,
                          sha256)

FOLDER = "snapshot"
FILES = {SENTENCES: "sentences.npy", SENTENCE_SEARCH: "sentence_search.npy", PASSAGES: "passages.npy"}
# The words' meaning vectors (float32, in records.json's order of words): a small library finds a word's closest
# article word in them (bot.library.Library.closest_word) without opening Chroma. A snapshot from before them has none.
WORD_VECTORS = "words.npy"
RECORDS_FORMAT = 1  # the version of `columns`, in the name its kept copy is kept under
STEP = 5_000  # ids read from the store at once: the ingest holds 7 MB of vectors at a time, not the library's


def order_stamp(ids: list[str]) -> str:
    """What names one order of records: the arrays' rows hold only in it."""
    return sha256("\n".join(ids))


def saved(home: Path, generation: int) -> bool:
    """Whether that generation's snapshot is there with the words' vectors (an ingest saves an older one again)."""
    folder = generation_dir(home, generation) / FOLDER
    return (folder / "order.json").exists() and (folder / WORD_VECTORS).exists()


def saved_counts(home: Path, generation: int) -> list[int] | None:
    """The counts (sentences, passages, words) the snapshot of that generation says it holds; None without one."""
    try:
        stamps = json.loads((generation_dir(home, generation) / FOLDER / "order.json").read_bytes())
        return [int(n) for n in stamps["counts"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(home: Path, store: Store, known: tuple[list[StoredSentence], dict[str, StoredPassage]] | None = None) -> None:
    """Write the records and vectors of the generation `store` holds, a step of rows at a time, then move them
    into place.

    `known`: (its sentences in `Store.sentences()` order, passage id -> its record) as the ingest made them, so
    that only the passages' ids (for their order) and the vectors are read back. Reading every sentence's
    metadata out of Chroma added ~470 MB to the ingest's peak at 1,000 articles (ingest4's measurement).
    """
    if known is None:
        sentences = store.sentences(with_vectors=False)[0]
        passages = store.passages(with_vectors=False)[0]
    else:
        sentences, by_id = known
        order = store.get(PASSAGES, [])["ids"]  # the store's order, which `Store.passages()` gives a bot
        held = (store.count(SENTENCES), store.count(SENTENCE_SEARCH), len(set(order) & by_id.keys()))
        if held != (len(sentences), len(sentences), len(by_id)):  # fill() stores exactly these: a bug otherwise
            raise IndexMismatch(f"the index holds {held[0]} + {held[1]} sentence records and {held[2]} passages of "
                                f"the {len(sentences)} sentences and {len(by_id)} passages the ingest made: {REBUILD}")
        passages = [by_id[pid] for pid in order]
    words = store.words(with_vectors=False)[0]
    sentence_ids, passage_ids = [s.id for s in sentences], [p.id for p in passages]
    folder = generation_dir(home, store.generation) / FOLDER
    for left in folder.parent.glob(f"{FOLDER}.*.tmp"):  # by a killed ingest (one writer at a time: the lock)
        shutil.rmtree(left, ignore_errors=True)
    tmp = folder.with_name(f"{FOLDER}.{os.getpid()}.tmp")
    tmp.mkdir(parents=True)
    for name, kind, ids in ((FILES[SENTENCES], SENTENCES, sentence_ids),
                            (FILES[SENTENCE_SEARCH], SENTENCE_SEARCH, sentence_ids),
                            (FILES[PASSAGES], PASSAGES, passage_ids), (WORD_VECTORS, WORDS, words)):
        rows = np.lib.format.open_memmap(tmp / name, mode="w+", dtype=np.float32, shape=(len(ids), DIMENSIONS))
        for start in range(0, len(ids), STEP):
            step = ids[start:start + STEP]
            found = store.vectors(kind, step)
            rows[start:start + len(step)] = np.asarray([found[i] for i in step], dtype=np.float32)
        rows.flush()
        del rows
    write_records(tmp, sentences, passages, words)
    shutil.rmtree(folder, ignore_errors=True)  # a killed earlier run's
    os.replace(tmp, folder)


def write_records(folder: Path, sentences: list[StoredSentence], passages: list[StoredPassage], words: list[str]) -> None:
    """records.json and order.json, beside the arrays (whose rows follow these orders)."""
    records = {"sentences": [[s.id, s.passage_id, s.doc_id, s.start, s.end, s.readable] for s in sentences],
               "passages": [[p.id, p.doc_id, p.start, p.end, p.text, p.heading, p.kind] for p in passages],
               "words": words}
    (folder / "records.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    (folder / "order.json").write_text(json.dumps({"sentences": order_stamp([s.id for s in sentences]),
                                                   "passages": order_stamp([p.id for p in passages]),
                                                   "counts": [len(sentences), len(passages), len(words)]}), encoding="utf-8")


class Rows(dict):
    """Records of one kind held as columns, each made into its record (a frozen dataclass) when first read.

    Making all 64,184 sentence records of 1,000 articles at open took 0.1 of the snapshot's 0.33 CPU-s (and
    JSON 0.18; the columns pickled beside the generation load in 0.04: see Snapshot.load); a question reads
    about 400 of them (counted over 40 gold questions at 1,000 articles).

    A dict of the records made so far (row number -> record) that makes a missing one (__missing__), so that reading
    one made already is dict's own look-up, with no Python call: `rows[n]` was ~250 Python calls a question at five
    articles and ~500 at 1,000 (0.75 -> 0.28 us each in a loop under load). It reads as a sequence of `len(rows)`
    records: iteration, `in`, `==` and negative positions as a list's; a slice is not taken (no caller takes one).
    """

    def __init__(self, make, columns: list[list]):
        super().__init__()
        self.make, self.columns = make, columns
        self.count = len(columns[0]) if columns else 0

    def __missing__(self, n):
        at = operator.index(n)  # a numpy integer too; a slice or a string is no row
        if at < 0:
            at += self.count
        if not 0 <= at < self.count:
            raise IndexError(n)
        made = self.get(at)
        if made is None:
            made = self.make(*(column[at] for column in self.columns))
            dict.__setitem__(self, at, made)
        dict.__setitem__(self, n, made)
        return made

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def __iter__(self):
        return (self[n] for n in range(self.count))

    def __reversed__(self):
        return (self[n] for n in reversed(range(self.count)))

    def __contains__(self, record) -> bool:
        return any(made == record for made in self)

    def __eq__(self, other) -> bool:
        return list(self) == list(other)

    __hash__ = None

    @property
    def made(self) -> list:
        """Each row's record when made already, else None (that rows are made only when read)."""
        return [dict.get(self, n) for n in range(self.count)]


def columns(records: dict) -> dict:
    """records.json's rows as columns: {"sentences": [ids, passage ids, doc ids, starts, ends, readables],
    "passages": [...each field of StoredPassage], "words": [...]} (what Snapshot keeps)."""
    return {"sentences": [list(c) for c in zip(*records["sentences"])] or [[] for _ in range(6)],
            "passages": [list(c) for c in zip(*records["passages"])] or [[] for _ in range(7)],
            "words": records["words"]}


class Snapshot:
    """The saved records and vectors of a generation (None from `load` when unusable)."""

    def __init__(self, folder: Path, kept: Callable[[Callable[[], dict]], dict] | None = None):
        # `kept(derive)`: derive()'s columns, kept by a bot beside the generation (bot.library), so that a later open
        # unpickles the columns instead of parsing JSON (records of 1,000 articles: 0.04 instead of 0.33 CPU-s).
        # bytes: json decodes them itself, faster (0.2 of 0.45 CPU-s at 1,000 articles went to read_text's decoding)
        def parse() -> dict:
            return columns(json.loads((folder / "records.json").read_bytes()))

        records = kept(parse) if kept is not None else parse()
        self.sentence_ids: list[str] = records["sentences"][0]
        self.sentence_passages: list[str] = records["sentences"][1]  # each sentence's passage id
        self.sentences = Rows(StoredSentence, records["sentences"])
        self.passages = [StoredPassage(*row) for row in zip(*records["passages"])]
        self.words: list[str] = records["words"]
        # plain arrays over the mapped files: np.memmap's own indexing cost 4 ms of a warm ask at 1,000 articles
        self.rows = {kind: np.load(folder / name, mmap_mode="r").view(np.ndarray) for kind, name in FILES.items()}
        if (folder / WORD_VECTORS).exists():
            self.rows[WORDS] = np.load(folder / WORD_VECTORS, mmap_mode="r").view(np.ndarray)

    @classmethod
    def load(cls, home: Path, generation: int, counts, kept: Callable | None = None) -> Snapshot | None:
        """The snapshot of that generation when it is there, whole, and holds `counts` (sentences, passages,
        words: what the store counts) records; `counts` may be a function giving them, called once the records
        are read (the store counts meanwhile in another thread: see bot.library). `kept(key, derive)`: keeps
        the parsed records under `key` (this snapshot's order.json and records.json's size and time)."""
        folder = generation_dir(home, generation) / FOLDER
        try:
            order = (folder / "order.json").read_bytes()
            stamps = json.loads(order)
            if not callable(counts) and list(stamps["counts"]) != list(counts):
                return None
            written = (folder / "records.json").stat()
            key = sha256(f"{RECORDS_FORMAT}\n{written.st_size}\n{written.st_mtime_ns}\n{order.decode()}")
            found = cls(folder, None if kept is None else lambda derive: kept(key, derive))
            if callable(counts) and list(stamps["counts"]) != list(counts()):
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        sentence_ids, passage_ids = found.sentence_ids, [p.id for p in found.passages]
        if (stamps.get("sentences") != order_stamp(sentence_ids) or stamps.get("passages") != order_stamp(passage_ids)
                or len(found.rows[SENTENCES]) != len(sentence_ids) or len(found.rows[SENTENCE_SEARCH]) != len(sentence_ids)
                or len(found.rows[PASSAGES]) != len(passage_ids) or len(found.rows.get(WORDS, found.words)) != len(found.words)):
            return None
        return found

    def __contains__(self, kind: str) -> bool:
        return kind in self.rows

    def take(self, kind: str, positions) -> np.ndarray:
        """The rows at these positions, in this order (a float32 matrix of DIMENSIONS columns)."""
        return np.asarray(self.rows[kind][np.asarray(positions, dtype=np.intp)], dtype=np.float32).reshape(-1, DIMENSIONS)
