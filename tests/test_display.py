"""What an answer shows of a quote: the articles' reference numbers found from the articles' own numbering
(ingest.references), and the display check of evals.display run on the real bot's answers."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from evals.display import defects, marker_debris
from ingest.load import load_corpus
from ingest.references import reference_count, reference_spans

ARTICLES = {a.id: a for a in load_corpus(Path("corpus"))[0]}

# (article, the words just before a reference number, the number as it stands): every one the articles have.
REFERENCES = [
    ("martinos-twitching-part-1", "anxious about ALS).”", "1"),
    ("martinos-twitching-part-1", "fight or flight response.”", "2"),
    ("martinos-twitching-part-1", "within the muscles and myocytes.", "4"),
    ("martinos-twitching-part-1", "Lab Values, Normal Adult", "5"),
    ("martinos-twitching-part-1", "in the nerves and muscles.", "6"),
    ("martinos-twitching-part-1", "and carpal tunnel syndrome.", "7"),
    ("droracle-why-muscles-twitch", "with severe electrolyte disorder", " 1"),
    ("droracle-why-muscles-twitch", "immunoglobulin and carbamazepine", " 2"),
    ("droracle-what-causes-twitching", "can cause muscle twitching", " 1, 2, 3"),
    ("droracle-what-causes-twitching", "lead to muscle weakness and twitching", " 4, 1"),
    ("droracle-what-causes-twitching", "weakness and cardiac arrhythmias", " 1, 5"),
    ("droracle-what-causes-twitching", "The provided evidence", " [1"),
]
# Numbers that are the articles' words: mid-sentence, glued to a capital, a table's cells.
NOT_REFERENCES = [
    ("martinos-twitching-part-1", "adults ages 18 to 60"),
    ("martinos-twitching-part-1", "get 7 or more hours"),
    ("martinos-twitching-part-1", "vitamin B6"),
    ("martinos-twitching-part-1", "3.5-5 mmol/L"),
    ("martinos-twitching-part-1", "Bicarbonate (HCO3)"),
    ("droracle-why-muscles-twitch", "glioma-inactivated 1 (LGI1)"),
    ("droracle-why-muscles-twitch", "a 50-year-old male"),
    ("random-twitches-when-concerned", "B vitamins (especially B12)"),
]


@pytest.mark.parametrize("doc_id, before, number", REFERENCES)
def test_a_reference_number_in_the_articles_numbering_is_found(doc_id, before, number):
    article = ARTICLES[doc_id]
    at = article.text.index(before + number) + len(before)
    assert (at, at + len(number)) in reference_spans(article.text, article.body_start)


@pytest.mark.parametrize("doc_id, words", NOT_REFERENCES)
def test_a_number_that_is_the_articles_words_is_no_reference(doc_id, words):
    article = ARTICLES[doc_id]
    start = article.text.index(words)
    assert not any(start <= a < start + len(words) for a, _ in reference_spans(article.text, article.body_start))


def test_the_articles_find_exactly_their_reference_numbers():
    found = sum(len(reference_spans(a.text, a.body_start)) for a in ARTICLES.values())
    assert found == 16  # the 12 of REFERENCES, and " 1, 3" three times and " 2, 3" once in droracle-what
    assert reference_count(ARTICLES["martinos-twitching-part-1"].text) == 7  # "Place Holder" included
    assert reference_count(ARTICLES["droracle-why-muscles-twitch"].text) == 0  # it cites 1 and 2, lists none


@pytest.mark.parametrize("text, debris", [
    ("…calcium release within the muscles and myocytes.4 This ability can cause twitching", ["4"]),
    ("…as seen in a case of a Moroccan woman with severe electrolyte disorder 1.", [" 1"]),
    ("Data gathered from Medscape: Lab Values, Normal Adult5", ["5"]),
    ("Hyperkalemia can cause muscle weakness and cardiac arrhythmias 1, 5", [" 1, 5"]),
    ("Adults ages 18 to 60 get 7 or more hours of sleep a night.", []),
    ("Potassium (K) — Normal Range: 3.5-5 mmol/L", []),
    ("a 50-year-old male diagnosed with Leucin-rich glioma-inactivated 1 (LGI1) antibody", []),
])
def test_the_display_check_sees_reference_debris(text, debris):
    assert marker_debris(text) == debris


def answer_of(text: str, doc_id: str, quote: str) -> dict:
    article = ARTICLES[doc_id].text
    start = article.index(quote)
    citation = {"n": 1, "doc_id": doc_id, "start": start, "end": start + len(quote), "text": quote}
    return {"answer": f"{text} [1]", "citations": [citation]}


@pytest.mark.parametrize("doc_id, quote, shown, kinds", [
    ("droracle-why-muscles-twitch", "However, if twitches are frequent", None, ["leans"]),
    ("random-twitches-when-concerned", "But if they persist beyond two weeks", None, ["leans"]),
    ("random-twitches-when-concerned", "These disorders involve damage to motor neurons", None, ["leans"]),
    ("martinos-twitching-part-1", "Now, while muscle twitching, also known as fasciculations", None, ["leans"]),
    ("random-twitches-when-concerned", "It's important to note that EMG testing", None, []),  # an "it" with nothing to point at
    ("martinos-twitching-part-1", "There are several electrolytes that are needed such as sodium", None, []),
    ("random-twitches-when-concerned", "Twitching that lasts longer than two weeks without improvement", None,
     ["item_alone"]),
    ("random-twitches-when-concerned", "Twitching that lasts longer than two weeks without improvement",
     "If you experience any of the following, consult a neurologist: … Twitching that lasts longer than two weeks "
     "without improvement", []),
    ("random-twitches-when-concerned", "Here are the most frequent triggers:", None, ["lead_alone"]),
    ("droracle-what-causes-twitching", "Hyperkalemia (high potassium levels) can cause muscle weakness", None, []),
    # a lead-in that is no sentence ("Specific electrolyte imbalances, such as:") is not wanted before its item
    ("droracle-what-causes-twitching", "Hypophosphatemia (low phosphate levels) can cause weakness", None, []),
    # an item that names itself (a label and a sentence of its own) reads without its lead-in (display38)
    ("random-twitches-when-concerned", "Stress and anxiety: Elevated cortisol levels", None, []),
    ("random-twitches-when-concerned", "Fasciculations spreading from one body region to another", None, ["item_alone"]),
    ("random-twitches-when-concerned", "“Most muscle twitches are benign and linked to lifestyle factors like stress, "
     "caffeine, or poor sleep.", None, ["quote_cut"]),
])
def test_the_display_check_sees_a_quote_starting_mid_thought(doc_id, quote, shown, kinds):
    # the quotes are cut short here: their missing stop ("unstopped") is not what this table is about
    found = defects(answer_of(shown or quote, doc_id, quote), {doc_id: ARTICLES[doc_id].text})
    assert [kind for kind, _ in found if kind != "unstopped"] == kinds


def cited_answer(doc_id: str, statements: list[tuple[str, list[str]]]) -> dict:
    """An answer showing each (displayed text, the exact quotes it cites), numbered in order of first citation."""
    article, numbers, citations, parts = ARTICLES[doc_id].text, {}, [], []
    for text, quotes in statements:
        for quote in quotes:
            if quote not in numbers:
                numbers[quote] = len(numbers) + 1
                start = article.index(quote)
                citations.append({"n": numbers[quote], "doc_id": doc_id, "start": start, "end": start + len(quote),
                                  "text": quote})
        parts.append(f"{text} {''.join(f'[{numbers[q]}]' for q in quotes)}")
    return {"answer": " ".join(parts), "citations": citations}


KIMURA = "-Dr. Jun Kimura\n\nFather of Electrodiagnostic Neurology"
TRIGGERS = "Here are the most frequent triggers:"
STRESS = ("Stress and anxiety: Elevated cortisol levels increase nerve excitability, making muscles more prone to "
          "spontaneous firing.")
CONSULT = "If you experience any of the following, consult a neurologist:"
LASTING = "Twitching that lasts longer than two weeks without improvement"
PROVIDER = "If your symptoms raise concern, a healthcare provider will begin with a thorough history and physical exam."
ASSESS = "They’ll assess reflexes, muscle strength, coordination, and sensory function."
TETANY = "Hypomagnesemia (low magnesium levels) can cause muscle spasms, weakness, and tetany"


# The leftover formatting the judges of batches ak and am named (display38): what must be counted, by kind, and the
# same quotes shown as the answer shows them now, which must not be.
@pytest.mark.parametrize("doc_id, statements, kinds", [
    ("martinos-twitching-part-1", [("-Dr. Jun Kimura Father of Electrodiagnostic Neurology", [KIMURA])],
     ["dash", "run_on", "unstopped"]),
    ("martinos-twitching-part-1", [("Dr. Jun Kimura, Father of Electrodiagnostic Neurology.", [KIMURA])], []),
    ("random-twitches-when-concerned", [(f"{TRIGGERS} … {STRESS}", [TRIGGERS, STRESS])], ["lead_cut"]),
    ("random-twitches-when-concerned", [(STRESS, [STRESS])], []),
    # a lead-in its items need (they are no sentences) is no cut: the ellipsis says items are left out
    ("random-twitches-when-concerned", [(f"{CONSULT} … {LASTING}.", [CONSULT, LASTING])], []),
    ("random-twitches-when-concerned", [(f"[A healthcare provider:] {ASSESS}", [ASSESS, PROVIDER]),
                                        (PROVIDER, [PROVIDER])], ["repeated"]),
    ("random-twitches-when-concerned", [(f"[A healthcare provider:] {ASSESS}", [ASSESS]), (PROVIDER, [PROVIDER])], []),
    ("random-twitches-when-concerned", [(PROVIDER, [PROVIDER, PROVIDER])], ["repeated"]),
    ("droracle-what-causes-twitching", [(TETANY, [TETANY + " 1, 3"]), (PROVIDER, [])], ["unstopped"]),
    ("droracle-what-causes-twitching", [(TETANY + ".", [TETANY + " 1, 3"])], []),
    ("random-twitches-when-concerned", [(f"“Most muscle twitches are benign and linked to lifestyle factors like stress, "
                                         "caffeine, or poor sleep. But if they persist beyond two weeks or spread across "
                                         "multiple muscle groups, it’s worth getting checked.” — Dr. Alan Reyes, "
                                         "Neurologist at Boston General Hospital.", ["“Most muscle twitches are benign"])],
     []),
])
def test_the_display_check_sees_leftover_formatting(doc_id, statements, kinds):
    answer = cited_answer(doc_id, [(text, quotes) for text, quotes in statements if quotes])
    assert [kind for kind, _ in defects(answer, {doc_id: ARTICLES[doc_id].text})] == kinds


# Questions whose answers showed a reference number or a quote leaning on one not shown (evals.display over every
# eval set, before #21 quote21): "…severe electrolyte disorder 1.", "…Normal Adult5", "However, if twitches…",
# "But if they persist…", "Other factors, such as: … Hyperkalemia…", a quotation cut in two.
ASKED = [
    "Where do the normal electrolyte values in that table come from?",
    "What symptoms can low potassium (hypokalemia) cause?",
    "What can low sodium do to you?",
    "Can muscle twitching be a sign of ALS?",
    "what does the dr oracle page say actually causes a muscle twitch?",
    "hyponatremia vs hyperkalemia - which is which? I always mix them up",
    "How does caffeine actually trigger a twitch inside the muscle?",
    "Is muscle twitching linked to diabetes?",  # showed "“Most muscle twitches are benign… poor sleep." cut from its "But…"
    "How long is too long?",
    "symptoms of low phosphate?",  # opened with "Specific electrolyte imbalances, such as: …" (batch z's judge)
    "what happens to people with ALS over time",  # ended with "Now, while… these “bad” diseases…"
]


@pytest.mark.parametrize("question", ASKED)
def test_the_bots_answer_shows_no_debris_and_no_quote_mid_thought(bot, question):
    answer = bot.ask(question).to_dict()
    docs = {doc_id: article.text for doc_id, article in ARTICLES.items()}
    assert defects(answer, docs) == []
    for citation in answer["citations"]:  # the citation keeps the exact characters, numbers and all
        assert Path(citation["source"]).read_text(encoding="utf-8")[citation["start"]:citation["end"]] == citation["text"]


def test_a_quote_is_said_once_with_the_sentences_its_thought_starts_or_ends_in_whichever_part_is_chosen(bot):
    # ClaimIndex.shown_context and ExtractiveAnswerer.in_context: a quotation cut in two by the sentence split, and a
    # sentence opening a passage that leans on the one before it, in every order the answerer may choose them
    claims, answerer = bot.claims, bot.quoting
    sentences = claims.library.sentences

    def claim_starting(words: str):
        index = next(n for n, s in enumerate(sentences) if s.readable.startswith(words))
        return claims.claims[claims.claim_at[index]]
    quotation = [claim_starting("“Most muscle twitches are benign"), claim_starting("But if they persist")]
    leaning = [claim_starting("For persistent twitches"), claim_starting("However, if twitches are frequent")]
    docs = {doc_id: article.text for doc_id, article in ARTICLES.items()}
    similarity = np.ones(len(sentences))
    for chosen in (quotation, quotation[::-1], leaning, leaning[::-1], [leaning[1], quotation[0], leaning[0]]):
        draft = answerer.write([(c, c.sentences[0]) for c in chosen], similarity)
        answer = {"answer": draft.text, "citations": [dataclasses.asdict(c) for c in draft.citations]}
        assert defects(answer, docs) == [], draft.text
        assert draft.text.count("But if they persist") <= 1 and draft.text.count("However, if twitches") <= 1


def test_each_article_s_reference_numbers_are_found_once_per_generation_as_an_answer_would_find_them(bot):
    """bot.articles.read_articles keeps each article's reference_spans with its front matter (found at the generation's
    first open) and gives them to ingest.references: what an answer then reads is what it would have found."""
    import ingest.references as references

    from bot.articles import read_articles
    from ingest.manifest import read_manifest

    manifest = read_manifest(bot.library.home)
    articles = read_articles(bot.library.home, manifest["generation"], manifest)
    assert len(references.known_spans) == len(articles) and sum(map(len, references.known_spans.values())) > 0
    for article in articles.values():
        kept = references.known_spans[(article.text, article.body_start)]
        assert kept == references.found_spans(article.text, article.body_start)
        assert reference_spans(article.text, article.body_start) is kept


def test_a_source_s_shown_path_is_its_resolved_path_relative_to_the_working_directory(tmp_path, monkeypatch):
    """bot.shown.shown_path resolves each folder once: the same path as Path.resolve() gives, through symbolic links
    to a file or to a folder, '..', relative paths and paths outside the working directory."""
    import os

    from bot.shown import shown_path

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "work").mkdir()
    os.symlink(articles / "a.md", tmp_path / "work" / "linked.md")
    os.symlink(articles, tmp_path / "work" / "folder")
    paths = [articles / "a.md", tmp_path / "work" / "linked.md", tmp_path / "work" / "folder" / "a.md",
             tmp_path / "work" / ".." / "articles" / "a.md", Path("folder/a.md"), Path("linked.md"), Path("missing.md"),
             Path("/")]
    for cwd in (tmp_path, tmp_path / "work", articles):
        monkeypatch.chdir(cwd)
        for path in paths:
            resolved = path.resolve()
            try:
                expected = str(resolved.relative_to(Path(cwd).resolve()))
            except ValueError:
                expected = str(resolved)
            assert shown_path(str(path), str(cwd)) == expected, (path, cwd)
