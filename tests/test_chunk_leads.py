"""A list's lead-in whose list the article lost: the line ending in ":" says nothing alone and is dropped, but the
sentence it leans on ("These include:" on "Muscle twitching, also known as fasciculation, has many common causes.")
states something of its own and should stay a claim. Both are dropped, though four spent items' gold evidence is that
sentence (ans-medical-term, bf-ans-11, bj-ans-01, ba-ans-43). byline34 fixed it and took the fix back: the one more
claim, with relevance, opener and keep refitted, put held-out's fact recall under its floor (0.916 -> 0.900) and took
unseen training-aj's from 0.837 to 0.815 (strict xfails below: whoever fixes it refits and measures again). A lead-in
before its list keeps both; an item after a sub-list, at its lead-in item's indent, is none of its items."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.chunk import chunk, claim_groups
from ingest.load import Article, load_article

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def sentences_and_claims(article: Article) -> tuple[list[str], list[str], list[str]]:
    """(every sentence the ingest keeps, the claims' sentences, the lead-ins), as read."""
    said, claimed, leads = [], [], []
    for passage in chunk(article):
        said += [s.readable for s in passage.sentences]
        for positions, lead in claim_groups(article.text, passage.sentences):
            claimed.append(" ".join(passage.sentences[p].readable for p in positions))
            if lead is not None:
                leads.append(passage.sentences[lead].readable)
    return said, claimed, leads


def synthetic(text: str) -> Article:
    return Article(id="t", title="T", text=text, body_start=0, path=Path("t.md"))


LOST_LIST = pytest.mark.xfail(strict=True, reason="byline34: keeping the sentence moved the refitted models under "
                               "held-out's fact-recall floor; a claim more needs its own refit and measure")


@LOST_LIST
def test_the_sentence_a_lost_lists_lead_in_leans_on_is_a_claim():
    said, claimed, _ = sentences_and_claims(load_article(CORPUS / "twitch-causes-treatment.md"))
    assert "Muscle twitching, also known as fasciculation, has many common causes." in claimed
    assert "These include:" not in said  # alone, a lead-in says nothing
    assert "Health conditions that can lead to muscle twitching include:" not in said


@pytest.mark.parametrize("text, kept, dropped", [
    pytest.param("# T\n\nTwitching has many causes. These include:\n\n---\n\nSleep matters.\n",
                 "Twitching has many causes.", "These include:", marks=LOST_LIST),
    pytest.param("# T\n\nTwitching has many causes. These include:\n\n## Sleep\n\nSleep matters.\n",
                 "Twitching has many causes.", "These include:", marks=LOST_LIST),
    ("# T\n\nSleep matters. Health conditions that can cause twitching include:\n\n## ALS\n\nALS is rare.\n",
     "Sleep matters.", "Health conditions that can cause twitching include:"),
])
def test_a_lead_in_without_its_list_is_dropped_alone(text, kept, dropped):
    said, claimed, _ = sentences_and_claims(synthetic(text))
    assert kept in claimed and dropped not in said


@pytest.mark.parametrize("doc, lead", [
    ("random-twitches-when-concerned", "Diagnostic tools may include:"),
    ("random-twitches-when-concerned", "If you experience any of the following, consult a neurologist:"),
    ("twitch-causes-treatment", "Research suggests this muscle twitching may happen after exercise for two reasons:"),
])
def test_a_lead_in_before_its_list_introduces_its_items(doc, lead):
    said, claimed, leads = sentences_and_claims(load_article(CORPUS / f"{doc}.md"))
    assert lead in leads and lead not in claimed


def test_a_lead_in_with_the_sentence_it_leans_on_introduces_a_list_of_short_items():
    _, claimed, _ = sentences_and_claims(load_article(CORPUS / "twitch-causes-treatment.md"))
    assert "When a person’s neurons stop functioning, their muscles are not able to work properly. This causes: " \
           "muscle weakness; muscle twitching; muscle wastage" in claimed


NESTED = ("# T\n\n## Causes\n\n- Specific imbalances, such as:\n  - Low magnesium causes spasms and weakness in muscles\n"
          "  - Low calcium causes spasms and weakness in muscles\n- Dehydration can cause twitching in many muscles\n")


def leads_of(article: Article) -> dict[str, str | None]:
    """Each claim's first sentence -> the lead-in it is shown under (None: none)."""
    out = {}
    for passage in chunk(article):
        for positions, lead in claim_groups(article.text, passage.sentences):
            out[passage.sentences[positions[0]].readable] = None if lead is None else passage.sentences[lead].readable
    return out


def test_an_item_as_far_out_as_its_sub_lists_lead_in_is_none_of_its_items():
    """A sub-list's lead-in is a list item itself (droracle-what-causes-twitching: "- Specific electrolyte imbalances,
    such as:" over indented items); an item after the sub-list, at the lead-in's own indent, is not one of its items
    (before byline34 it was read as one, the lead-in shown over it)."""
    leads = leads_of(synthetic(NESTED))
    assert leads["Low calcium causes spasms and weakness in muscles"] == "Specific imbalances, such as:"
    assert leads["Dehydration can cause twitching in many muscles"] is None


def test_the_articles_sub_lists_keep_their_lead_ins():
    leads = leads_of(load_article(CORPUS / "droracle-what-causes-twitching.md"))
    assert leads["Hypophosphatemia (low phosphate levels) can cause weakness and impair respiratory function 1, 3"] \
        == "Specific electrolyte imbalances, such as:"
    assert leads["Hyperkalemia (high potassium levels) can cause muscle weakness and cardiac arrhythmias 1, 5"] \
        == "Other factors, such as:"
    assert leads["Fluid imbalances and acid-base disturbances can also lead to muscle weakness and twitching 4, 1"] is None
