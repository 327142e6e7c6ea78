"""The passages of a question's closest sentences join its retrieved passages (issue #21, missed29)."""
from __future__ import annotations

import pytest

from bot.retrieve import also_closest


@pytest.mark.parametrize(("closest", "kept", "ranked", "joined"), [
    (["b", "c", "d"], ["a", "b", "c"], ["a", "b"], ["c"]),  # d is a near-copy of a better passage: not kept
    (["a", "b"], ["a", "b", "c"], ["a", "b"], []),  # both among the top k already: nothing new, the answer as before
    ([], ["a", "b"], ["a"], []),
    (["c", "b"], ["a", "b", "c"], ["a"], ["c", "b"]),  # closest first
])
def test_only_closest_passages_left_out_of_the_top_k_join_it(closest, kept, ranked, joined):
    assert also_closest(closest, kept, ranked) == joined


def test_the_top_k_is_the_same_with_the_closest_passages_joined(bot):
    query = "besides stress and coffee what other reasons does the physio mention"
    alone = [doc.id for doc in bot.retriever.search(query, 10)]
    joined = [doc.id for doc in bot.retriever.search(query, 10, 3)]
    assert len(alone) == 10 and joined[:10] == alone and len(joined) > 10


def test_a_passage_whose_sentence_answers_joins_though_the_passage_ranks_low(bot):
    """The physio's "There are also several other reasons including exercise…" sits in a long passage that the fused
    score and the crowding rule leave out of the ten (training-d bd-ans-60); its sentence is the closest of all."""
    evidence = bot.evidence("besides stress and coffee what other reasons does the physio mention")
    quoted = [bot.claims.readable(bot.claims.claims[c]) for c in evidence.candidates]
    assert any(text.startswith("There are also several other reasons including exercise") for text in quoted)
