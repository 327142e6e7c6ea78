"""The meaning vectors of common English words, made once beside the ONNX query encoder (HOME/encoder/words.*).

A question with a word the articles don't use has that word's own vector read (bot.asked.looked_up: its nearest
article word, bot.qualifier's word vector). In the question's forward pass each such word was a row padded to the
question's length: a pass of the question, a word and the message without it cost 2.0x the bare question's (CPU,
median of the 30 gold questions with one word, 2026-12-01), so those questions sat above the median ask. Each
text's vectors come out of the encoder bit for bit the same alone or beside others, padded or not
(OnnxEmbedder.query_pairs), so the words' vectors are made ahead, in batches, for wordfreq's commonest English
words (the list the speller corrects towards: 97% of the words the gold questions look up, 87% of held-out's), and
a question reads its word's row instead of embedding it.

Files: words.npy (float32 [words, 384], the meaning vectors, as OnnxEmbedder.embed_pair's first array) and
words.json ({"made_for": the sha256 of the encoder's model.json, "words": [...]}); a table made for another export
of the encoder is not read (its rows would be another model's).
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np

VECTORS, INDEX = "words.npy", "words.json"
WORDS = 40000  # wordfreq's commonest English words (as bot.spelling.ENGLISH)
BATCH = 256  # words a pass: their rows are 3-6 tokens, so a larger batch spreads each pass's fixed cost


def made_for(folder: Path) -> str:
    """What a table in `folder` must be made for: the encoder's model.json there (its source and check vector)."""
    from ingest.onnx_embed import META_FILE

    return hashlib.sha256((Path(folder) / META_FILE).read_bytes()).hexdigest()


def english_words(count: int = WORDS) -> list[str]:
    """The commonest English words, lower-case letters only (the words a question's lookup lowers)."""
    from wordfreq import top_n_list

    return [w for w in top_n_list("en", count) if w.isalpha() and w == w.lower()]


def build(embedder, folder: Path, words: list[str] | None = None) -> None:
    """Write the table for `embedder` (an OnnxEmbedder loaded from `folder`) into `folder`: about 1 CPU-ms a word."""
    words = english_words() if words is None else list(dict.fromkeys(words))
    vectors = np.zeros((len(words), 384), dtype=np.float32)
    saved_batch = embedder.batch_size
    embedder.batch_size = BATCH
    try:
        for start in range(0, len(words), 4096):
            chunk = words[start:start + 4096]
            vectors[start:start + len(chunk)] = embedder.embed_pair(chunk, Unweighted())[0]
    finally:
        embedder.batch_size = saved_batch
    folder = Path(folder)
    tmp_vectors, tmp_index = folder / f"{VECTORS}.{os.getpid()}.tmp", folder / f"{INDEX}.{os.getpid()}.tmp"
    with open(tmp_vectors, "wb") as out:
        np.save(out, vectors)
    tmp_index.write_text(json.dumps({"made_for": made_for(folder), "words": words}), encoding="utf-8")
    tmp_vectors.replace(folder / VECTORS)
    tmp_index.replace(folder / INDEX)  # the index last: without it the vectors are not read


class Unweighted:
    """Token weights of 1: embed_pair's search vectors need some, and the table keeps only the meaning vectors,
    which don't read them."""

    def __init__(self):
        self.table = np.ones(1 << 17, dtype=np.float32)


def ensure(folder: Path) -> bool:
    """Build the table in the encoder's `folder` unless one made for its encoder is there; True when built."""
    if load(folder) is not None:
        return False
    from ingest.onnx_embed import OnnxEmbedder, ONNX_FILE

    build(OnnxEmbedder(Path(folder) / ONNX_FILE), folder)
    return True


class WordTable:
    """word -> its meaning vector, read from the mapped file (a row a question)."""

    def __init__(self, words: list[str], vectors: np.ndarray):
        self.rows = {w: n for n, w in enumerate(words)}
        self.vectors = vectors

    def get(self, word: str) -> np.ndarray | None:
        row = self.rows.get(word)
        return None if row is None else np.array(self.vectors[row])

    def __contains__(self, word: str) -> bool:
        return word in self.rows


def load(folder: Path) -> WordTable | None:
    """The table in `folder` when it was made for the encoder there, else None (the words are then embedded)."""
    folder = Path(folder)
    try:
        index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        if index.get("made_for") != made_for(folder):
            return None
        vectors = np.load(folder / VECTORS, mmap_mode="r")
    except (OSError, ValueError):
        return None
    if vectors.shape != (len(index["words"]), 384) or vectors.dtype != np.float32:
        return None
    return WordTable(index["words"], vectors)
