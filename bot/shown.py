"""What an answer shows of a quote: the article's words without its reference numbers or a leading checkbox, the
label before it (how many articles say it, a case study, a lab range) and the path of its source.

The citation keeps the exact characters; only the displayed text is cleaned (tests/test_display.py).
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from ingest.references import without_references

COUNTS = {2: "Two", 3: "Three", 4: "Four", 5: "Five"}
CASE_STUDY_LABEL = "From a case study:"
# A lab range read out of context looks like a dose ("Magnesium (Mg) — Normal Range: 0.65-1.05 mmol/L"
# under "is 800mg a day ok?"): a concentration gets this label unless the claim says itself that it is a
# level. Examples: is_lab_range().
CONCENTRATION = re.compile(r"\d\s*(?:mmol|µmol|umol|mEq|mg|g|ng|pg|µg|mcg)/(?:L|dL|mL)\b")
SAYS_LEVEL = re.compile(r"\b(?:levels?|blood|serum|plasma)\b", re.IGNORECASE)
LEVEL_LABEL = "Blood level (a lab range, not a dose):"
# The writer speaking of themselves ("I often get muscle twitching…"), quoted when asked about them: the judges of
# batches s-z found a bad sentence in all 19 answers showing such a line unlabelled ("unattributed first-person
# quote", "first-person quote out of context"; evals.fragments --judged). The label says whose "I" it is.
WRITER_LABEL = "In the writer's own words"
QUOTATION = re.compile(r"“[^”]*”")  # words the writer quotes are not theirs: "“Fasciculations occur commonly…”"

# What an answer shows of a quote drops the source's reference numbers and checkboxes; its citation keeps the
# exact text. The extractive answer drops the numbers the article's own numbering places (ingest.references,
# by their spans: shown_sentence); shown() is for a quote known by its text alone (a written answer's checks).
# "myocytes.4 This", "…anxious about ALS).”1"
REFERENCE_AFTER_STOP = re.compile(r"(?:(?<=[a-z][.!?”\"’)\]])|(?<=[.!?][”\"’)\]]))\d{1,2}(?:,\s?\d{1,2})*(?=\s|$)")
REFERENCE_LIST = re.compile(r"(?<=[a-z]) \d{1,2}(?:, ?\d{1,2})+(?=[.,;:]?(?:\s|$))")  # "muscle twitching 1, 2, 3"
CHECKBOX = re.compile(r"(?:(?<=^)|(?<=: ))[\u2600-\u27BF\U0001F300-\U0001FAFF]\uFE0F?\s*")  # "✅ Get 7+ hours"


def shown_sentence(library, index: int) -> str:
    """A sentence as an answer shows it: without the reference numbers its article's numbering puts in it
    (ingest.references); a table row's readable form ("Potassium (K) — Normal Range: 3.5-5 mmol/L") as it is."""
    sentence = library.sentences[index]
    article = library.articles[sentence.doc_id]
    if article.text[sentence.start:sentence.end] != sentence.readable:
        return sentence.readable
    return without_references(article.text, sentence.start, sentence.end, article.body_start)


def unlinked_sentence(library, index: int, skip: int) -> str:
    """A sentence shown from `skip` characters on (past a linking adverbial, bot.standalone.unlinked), its first letter
    a capital as a quotation's opening takes one: "However, persistent eyelid spasms…" -> "Persistent eyelid spasms…"
    (the citation keeps the exact characters from "persistent"); a list ingest reads as one sentence in its readable
    form, as shown_sentence shows it ("Symptoms of MS include: fatigue; numbness or tingling; …")."""
    sentence = library.sentences[index]
    article = library.articles[sentence.doc_id]
    if article.text[sentence.start:sentence.end] != sentence.readable:  # a one-unit list: its readable form
        text = sentence.readable[skip:]
    else:
        text = without_references(article.text, sentence.start + skip, sentence.end, article.body_start)
    return text[:1].upper() + text[1:]


def shown(text: str) -> str:
    """A quote as the answer shows it: without reference markers or a leading checkbox.

    >>> shown("…within the muscles and myocytes.4 This ability can cause muscle twitching 1, 2, 3")
    '…within the muscles and myocytes. This ability can cause muscle twitching'
    >>> shown("“…(although mostly recognized by medical students, anxious about ALS).”1")
    '“…(although mostly recognized by medical students, anxious about ALS).”'
    >>> shown("✅ Get 7+ hours of quality sleep"), shown("Potassium (K) — Normal Range: 3.5-5 mmol/L")
    ('Get 7+ hours of quality sleep', 'Potassium (K) — Normal Range: 3.5-5 mmol/L')
    """
    return CHECKBOX.sub("", REFERENCE_LIST.sub("", REFERENCE_AFTER_STOP.sub("", text)))


def display_path(path: Path) -> str:
    """The path relative to the working directory when it lies below it, else absolute."""
    return shown_path(str(path), os.getcwd())


@lru_cache(maxsize=4096)
def shown_path(path: str, cwd: str) -> str:
    # Once per article and working directory, not per citation; and the folders resolved once, not once per article
    # (a fresh process at 1,000 synthetic articles met a new article in most answers, each resolved with the working
    # directory: 0.18 of Quoting.write's 0.61 profiled CPU-s over the gold questions, warm34). The same path as
    # `Path(path).resolve()`: a file that is no symbolic link resolves to its resolved folder and its name.
    folder, name = os.path.split(path)
    if name in ("", ".", "..") or os.path.islink(path):
        resolved = Path(path).resolve()
    else:
        resolved = resolved_folder(folder or ".", cwd) / name
    try:
        return str(resolved.relative_to(resolved_folder(cwd, cwd)))
    except ValueError:
        return str(resolved)


@lru_cache(maxsize=256)
def resolved_folder(folder: str, cwd: str) -> Path:
    """`Path(folder).resolve()` from the working directory `cwd` (the one shown_path is called in)."""
    return Path(folder).resolve()


def is_lab_range(text: str) -> bool:
    """Whether a quote gives a lab range without saying itself that it is a level.

    >>> is_lab_range("Magnesium (Mg) — Normal Range: 0.65-1.05 mmol/L")
    True
    >>> is_lab_range("a serum potassium level under 3.6 mmol/L"), is_lab_range("Aim for 7–9 hours nightly.")
    (False, False)
    """
    return bool(CONCENTRATION.search(text)) and not SAYS_LEVEL.search(text)


def agreement(articles: int, at_least: bool = False) -> str:
    """How many articles say a claim; `at_least` when more say it than the answer cites (max_agreeing).

    >>> agreement(3)
    'Three of the articles say this:'
    >>> agreement(5, at_least=True)
    'At least five of the articles say this:'
    """
    count = COUNTS.get(articles, str(articles))
    return f"At least {count.lower()} of the articles say this:" if at_least else f"{count} of the articles say this:"


def writer_label(author: str) -> str:
    """The label before a quote in the writer's first person, naming them when the article does.

    >>> writer_label("Kyle J. Martinos PT, DPT, ECS"), writer_label("")
    ("In the writer's own words (Kyle J. Martinos PT, DPT, ECS):", "In the writer's own words:")
    """
    return f"{WRITER_LABEL} ({author}):" if author else f"{WRITER_LABEL}:"
