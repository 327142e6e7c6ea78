"""What an answer shows of a quote: the article's words without its reference numbers or a leading checkbox.

The citation keeps the exact characters; only the displayed text is cleaned (tests/test_display.py).
"""
from __future__ import annotations

import re

from ingest.references import without_references

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
