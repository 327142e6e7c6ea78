"""ingest.chunk's byline rule as a table (byline34): what makes a line a byline, a person's name line under a quote or at
an article's end, and what must not be one. Each row is a line as the ingest cuts it out of a text (the five articles'
real lines and synthetic ones), so a change to the rule shows what it gains and what it breaks.

What tells a byline: a short line (ingest.chunk.BYLINE_WORDS words) without a stop, on a line of its own, not a table
row or a list item. asked34 found "The provided evidence [1" (droracle-what-causes-twitching, after "…and electrolyte
imbalances." on the same line) read as one, so "who said …?" could open with it: it is the tail of a sentence the copy
cut off (ingest.chunk.cut_short), no claim either, and no byline.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.chunk import byline, chunk, claim_groups, cut_short, list_item_role
from ingest.load import Article, load_article

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
KIMURA = ("# T\n\n“Fasciculations occur commonly in otherwise normal muscle in many healthy subjects.”1\n\n"
          "-Dr. Jun Kimura\n\nFather of Electrodiagnostic Neurology\n\n## Stress:\n\nStress increases epinephrine.\n")

# (article id or synthetic text, the line): must be a byline
BYLINES = [
    ("martinos-twitching-part-1", "-Dr. Jun Kimura"),  # under Kimura's quote
    ("martinos-twitching-part-1", "Father of Electrodiagnostic Neurology"),  # his title, under his name
    ("martinos-twitching-part-1", "Kyle J. Martinos PT, DPT, ECS"),  # the author's sign-off, at the article's end
    ("# T\n\n“Most twitches are benign.”\n\n— Dr. Alan Reyes\n", "— Dr. Alan Reyes"),
    ("# T\n\nSee a doctor if twitching spreads.\n\nJane Doe, MD\n", "Jane Doe, MD"),
    ("Twitches\n“Most twitches are benign.”\nDr. Sarah Lee\nNeurologist\n", "Dr. Sarah Lee"),  # a plain-text article
    ("Twitches\n“Most twitches are benign.”\nDr. Sarah Lee\nNeurologist\n", "Neurologist"),
]
# must not be a byline
NOT_BYLINES = [
    ("droracle-what-causes-twitching", "The provided evidence [1"),  # a cut-off sentence after another on its line
    ("# T\n\nTwitching is common. See a doctor\n", "See a doctor"),
    ("# T\n\nStress raises cortisol. Studies show [2\n", "Studies show [2"),
    ("martinos-twitching-part-1", "Data gathered from Medscape: Lab Values, Normal Adult5"),  # 8 words: a note
    ("martinos-twitching-part-1", "Let’s take look at the common reasons first."),  # a stop
    ("random-twitches-when-concerned", "Yes."),
    ("martinos-twitching-part-1", "Sodium (Na) — Normal Range: 136-145 mmol/L"),  # a table row
    ("martinos-twitching-part-1", "Place Holder"),  # a reference list's item
    ("twitch-causes-treatment", "poor diet; drinking too much alcohol; diarrhea"),  # a list of short items
    ("droracle-why-muscles-twitch", "Fatigue; Electrolyte imbalances; Stress; Neurological issues; Low levels of "
                                    "magnesium, calcium, or potassium in the blood; Dehydration; Excessive exercise; "
                                    "Too much caffeine or alcohol"),
]
# a sentence the copy cut off: no claim, and no byline
CUT_SHORT = [
    ("droracle-what-causes-twitching", "The provided evidence [1"),
    ("# T\n\nStress raises cortisol. Studies show [2\n", "Studies show [2"),
    ("# T\n\nTwitching is common. See a doctor\n", "See a doctor"),
]


def article_of(source: str) -> Article:
    if (CORPUS / f"{source}.md").exists():
        return load_article(CORPUS / f"{source}.md")
    markdown = source.startswith("#")
    return Article(id="t", title="T", text=source, body_start=0, path=Path("t.md" if markdown else "t.txt"))


def unit_of(source: str, line: str):
    """The article and the sentence (as the ingest cuts it, ingest.chunk.chunk) that reads `line`."""
    article = article_of(source)
    for passage in chunk(article):
        for unit in passage.sentences:
            if unit.readable.endswith(line) or unit.readable.startswith(line):
                return article, unit
    raise AssertionError(f"no sentence reads {line!r}")


def is_byline(source: str, line: str) -> bool:
    article, unit = unit_of(source, line)  # as claim_groups and bot.sources ask: list items are theirs to tell
    return list_item_role(article.text, unit.start) is None and byline(article.text, unit)


@pytest.mark.parametrize("source, line", BYLINES)
def test_a_short_unpunctuated_line_of_its_own_is_a_byline(source, line):
    assert is_byline(source, line)


@pytest.mark.parametrize("source, line", NOT_BYLINES)
def test_a_cut_off_sentence_a_note_a_sentence_a_table_row_or_a_list_item_is_no_byline(source, line):
    assert not is_byline(source, line)


@pytest.mark.parametrize("source, line", CUT_SHORT)
def test_a_short_unpunctuated_sentence_after_another_on_its_line_is_cut_short(source, line):
    article, unit = unit_of(source, line)
    assert cut_short(article.text, unit) and not byline(article.text, unit)


@pytest.mark.parametrize("source, line", BYLINES)
def test_a_byline_is_not_cut_short(source, line):
    article, unit = unit_of(source, line)
    assert not cut_short(article.text, unit)


def claims_of(article: Article) -> list[str]:
    said = []
    for passage in chunk(article):
        for positions, _ in claim_groups(article.text, passage.sentences):
            said.append(" ".join(passage.sentences[p].readable for p in positions))
    return said


def test_neither_a_byline_nor_a_cut_off_sentence_is_a_claim():
    said = claims_of(load_article(CORPUS / "droracle-what-causes-twitching.md"))
    assert not any("provided evidence" in s for s in said)
    assert any(s.startswith("Muscle twitches are typically caused by involuntary contractions") for s in said)
    said = claims_of(article_of(KIMURA))
    assert not any("Kimura" in s or "Father of" in s for s in said)
    assert any(s.startswith("“Fasciculations occur commonly") for s in said)


def test_the_ingest_finds_one_person_line_in_the_articles_kimuras(bot):
    """bot.sources' person lines are the bylines outside lists: Kimura's two lines, and not the cut-off "The provided
    evidence [1" (asked34: a person run of droracle-what-causes-twitching before byline34)."""
    from bot.sources import source_lines

    library = bot.claims.library
    lines = source_lines(bot.claims)
    found = {doc: [[library.sentences[i].readable for i in run.sentences] for run in runs]
             for doc, runs in lines.person.items()}
    assert found == {"martinos-twitching-part-1": [["-Dr. Jun Kimura", "Father of Electrodiagnostic Neurology"]]}
    authors = [library.sentences[i].readable for runs in lines.author.values() for run in runs for i in run.sentences]
    assert authors == ["Kyle J. Martinos PT, DPT, ECS"]
