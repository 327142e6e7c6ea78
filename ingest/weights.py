"""How much each word piece counts in a search vector: smooth inverse frequency over the corpus.

Every article is about twitching, so "twitching" and "muscle" are in nearly every sentence. In the
model's plain mean of token vectors they outweigh the words that tell two sentences apart. Search
vectors instead weight each word piece by a / (a + p), p its share of the corpus's word pieces
(SIF: Arora et al. 2017, "A simple but tough-to-beat baseline for sentence embeddings"):
"twitching" weighs 0.08, "sleep" 0.30, "cdc" 0.86. [CLS] and [SEP] are in every text, so they weigh
as little as the commonest piece. For "Is it more worrying if the twitching happens at rest for no
obvious reason?" the table row "No clear trigger; occurs at rest" rises from the 26th closest
sentence to the 7th.

The weights are fitted when an index is built from scratch and stored beside it: an incremental
ingest reuses them, so vectors already stored stay comparable; `twitchqa ingest --rebuild` refits.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import IndexMismatch

if TYPE_CHECKING:
    import numpy as np

SMOOTHING = 1e-3  # `a`: the paper's range is 1e-4 to 1e-3; on the gold set 3e-4 to 3e-3 sit within ±0.01 MRR
FILE = "token_weights.json"


@dataclass(frozen=True, eq=False)  # hashed by identity: the embedder caches query vectors per weights
class TokenWeights:
    counts: dict[int, int]  # word-piece id -> occurrences in the articles
    special: tuple[int, ...]  # [CLS], [SEP]: in every text
    vocab_size: int
    smoothing: float = SMOOTHING

    @classmethod
    def fit(cls, texts: list[str], tokenizer) -> "TokenWeights":
        counts: Counter[int] = Counter()
        for text in texts:
            # verbose=False: whole articles are longer than the model reads, which is fine for counting.
            counts.update(tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])
        special = (tokenizer.cls_token_id, tokenizer.sep_token_id)
        return cls(dict(counts), special, tokenizer.vocab_size)

    @cached_property  # computed once per index, read on every query
    def table(self) -> np.ndarray:
        """The weight of every word piece, indexed by id (unseen pieces weigh 1)."""
        import numpy as np  # here, not at the top: see ingest.embed

        weights = np.ones(self.vocab_size, dtype=np.float32)
        total = sum(self.counts.values())
        if total:
            ids = np.fromiter(self.counts, dtype=np.int64, count=len(self.counts))
            shares = np.fromiter(self.counts.values(), dtype=np.float64, count=len(self.counts)) / total
            weights[ids] = self.smoothing / (self.smoothing + shares)
        weights[list(self.special)] = weights.min()
        return weights

    def save(self, home: Path) -> None:
        data = {"smoothing": self.smoothing, "vocab_size": self.vocab_size, "special": list(self.special),
                "counts": {str(k): v for k, v in sorted(self.counts.items())}}
        tmp = home / f"{FILE}.tmp"  # write then rename: a crash never leaves half a file
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(home / FILE)

    @classmethod
    def load(cls, home: Path) -> "TokenWeights":
        path = home / FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls({int(k): int(v) for k, v in data["counts"].items()}, tuple(data["special"]),
                       int(data["vocab_size"]), float(data["smoothing"]))
        except (OSError, ValueError, KeyError, TypeError):
            raise IndexMismatch(f"{path} is missing or corrupt: run `twitchqa ingest --rebuild`") from None
