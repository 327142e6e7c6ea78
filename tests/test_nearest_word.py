"""A question's word the articles don't use is compared with their nearest word (bot.asked.nearest_word)."""
from __future__ import annotations

import numpy as np
import pytest

from ingest.store import WORDS


@pytest.mark.parametrize("word", ["statins", "morocco", "pills", "gabapentin", "toddler", "weekend"])
def test_a_small_librarys_nearest_word_is_the_exact_product_and_the_store_finds_the_same(bot, word):
    """In a small embedded library the nearest word is the exact product over the snapshot's word vectors (no
    Chroma query); the store's nearest-neighbour index names the same word, with the same cosine."""
    from bot.asked import nearest_word

    library = bot.library
    assert library.exact_rows(WORDS) is not None
    vector = bot.meaning(word)
    found = nearest_word(library, vector)
    stored = library.store.nearest_vectors(WORDS, vector, 1)
    (name, row), = stored.items()
    assert found == (name, float(np.asarray(row) @ vector))
