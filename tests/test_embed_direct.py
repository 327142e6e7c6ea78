"""Embedder.embed_pair sends each model batch through the model without `encode` (ingest.embed): the vectors it
gives are the bits `encode` gives for the same batches."""
from __future__ import annotations

import numpy as np

from ingest.chunk import chunk
from ingest.index import BATCH, longest_first, sentence_records
from ingest.load import load_corpus
from ingest.weights import TokenWeights

from conftest import CORPUS


def through_encode(embedder, texts: list[str], weights: TokenWeights) -> tuple[np.ndarray, np.ndarray]:
    """The vectors as embed_pair made them before: `encode` of each model batch, its token vectors kept."""
    meaning, search = [], []
    for start in range(0, len(texts), embedder.batch_size):
        outputs = embedder.model.encode(texts[start:start + embedder.batch_size], batch_size=embedder.batch_size,
                                        output_value=None, convert_to_numpy=False, show_progress_bar=False)
        for output in outputs:
            real = output["attention_mask"].bool()
            tokens = output["token_embeddings"][real].float().numpy()
            piece_weights = weights.table[output["input_ids"][real].numpy()]
            meaning.append(output["sentence_embedding"].float().numpy())
            search.append(piece_weights @ tokens / piece_weights.sum())
    vectors = np.array(meaning), np.array(search)
    return tuple((v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32) for v in vectors)


def test_embed_pair_gives_the_bits_encode_gives_for_the_same_batches(embedder):
    articles, _ = load_corpus(CORPUS)
    article = articles[0]
    passages = chunk(article)
    sentences = longest_first(list({t for p in passages for _, t, _ in sentence_records(article, p)}), str)
    texts = [p.embedding_text(article.title) for p in passages]
    weights = TokenWeights.fit([a.text for a in articles], embedder.model.tokenizer)
    for batch in (sentences[:BATCH], longest_first(texts, str), ["twitch"]):
        got, expected = embedder.embed_pair(batch, weights), through_encode(embedder, batch, weights)
        for mine, theirs in zip(got, expected):
            assert mine.shape == (len(batch), 384) and mine.tobytes() == theirs.tobytes()
    assert not embedder.model.training
