"""Where an article cites its sources: the reference numbers in its text, found from how articles are built.

An article that cites numbers its sources 1, 2, 3… in the order it first cites them, and puts each number
where a superscript or a bracket stood in the page it was copied from: right after the cited sentence's last
word or stop ("…myocytes.4 This", "…Normal Adult5", "…anxious about ALS).”1"), or after its last word, before
the stop or at the end of a line ("…severe electrolyte disorder 1.", "…can cause muscle twitching 1, 2, 3").
Its reference list, when it has one, is the list of bibliographic entries (see ENTRY) at its end.

A number in such a place is a reference only as part of that numbering: the numbers the article cites must
start at 1 and each new one be at most one past the largest cited before it, or within the reference list's
length ("Place Holder", entry 3 of one article, is never cited: 4 follows 2). A number mid-sentence
("adults ages 18 to 60", "glioma-inactivated 1 (LGI1)") or glued to a capital ("B12", "HCO3") is in no such
place. The text is never changed: these are spans that an answer leaves out of what it shows, while its
citation keeps the exact characters.
"""
from __future__ import annotations

import re
from functools import lru_cache

# A bibliographic entry: "Kimura, J. (2013). Electrodiagnosis…", "…PMID: 31082167.", "…[Internet]…", an address,
# "…Handbook of clinical neurology, 2017" (the same shapes bot.claims.REFERENCE refuses to quote).
ENTRY = re.compile(r"\(\d{4}(?:, [A-Z][a-z]+ \d{1,2})?\)\.|\bPMID\b|\[Internet\]|https?://|,\s*(?:19|20)\d{2}$")
LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+(.*)$", re.MULTILINE)
NUMBERS = r"\d{1,2}(?:,\s?\d{1,2})*"
# Glued to the cited words: after a lowercase letter, after a stop, comma or colon ending a word or a
# parenthesis, or after a closing quote that ends a sentence; then a space or the end of a line.
GLUED = re.compile(rf"(?:(?<=[a-z])|(?<=[a-z)][.!?,;:])|(?<=[.!?)][”\"’]))({NUMBERS})(?=[ \t]|$)", re.MULTILINE)
# After the last word, set off by a space: then the sentence's stop and the next sentence, or the line's end.
SPACED = re.compile(rf"(?<=[a-z)]) ({NUMBERS})(?=[.;]?(?:[ \t]+[A-Z“\"]|[ \t]*$))", re.MULTILINE)
# A bracket the copy cut off at the end of a line ("The provided evidence [1"): a citation that lost its text.
CUT = re.compile(r" ?\[\d{1,2}(?:,\s?\d{1,2})*(?=[ \t]*$)", re.MULTILINE)
TABLE_LINE = re.compile(r"^[ \t]*\|.*$", re.MULTILINE)


def reference_count(text: str) -> int:
    """How many entries the article's reference list has: its longest run of list items most of which are
    bibliographic entries (0 when it has none).

    >>> reference_count("Text.1\\n\\n- Kimura, J. (2013). Electrodiagnosis.\\n- Place Holder\\n- Farinde, A. (2025, June 16). Lab.")
    3
    """
    best, run = 0, []
    for line in text.split("\n") + ["end"]:
        item = LIST_ITEM.match(line)
        if item:
            run.append(item.group(1).strip())
        elif line.strip():  # a blank line inside a list keeps it going; any other line ends it
            if 2 * sum(bool(ENTRY.search(entry)) for entry in run) > len(run):
                best = max(best, len(run))
            run = []
    return best


# (an article's text, its body_start) -> its reference_spans, found once per generation and kept beside it
# (bot.articles.read_articles gives them): at 1,000 synthetic articles a fresh process's answers met an article
# they had not shown before in most questions, and finding its spans (regexes over the whole article) was 0.21 of
# the 0.61 profiled CPU-s that Quoting.write took over the gold questions (warm34). One library's at a time.
known_spans: dict[tuple[str, int], tuple[tuple[int, int], ...]] = {}


def know_spans(spans: dict[tuple[str, int], tuple[tuple[int, int], ...]]) -> None:
    """Take these articles' reference_spans as found (the articles of the library opened last)."""
    known_spans.clear()
    known_spans.update(spans)


def reference_spans(text: str, body_start: int = 0) -> tuple[tuple[int, int], ...]:
    """found_spans(text, body_start), or what know_spans was given for it."""
    known = known_spans.get((text, body_start))
    return known if known is not None else found_spans(text, body_start)


@lru_cache(maxsize=4096)
def found_spans(text: str, body_start: int = 0) -> tuple[tuple[int, int], ...]:
    """The [start, end) spans of an article's reference numbers (with the space before a spaced one), in
    order: what an answer leaves out when it shows a quote.

    >>> text = "It opens channels in myocytes.4 This can cause twitching 1, 2. Adults 18 to 60 need sleep.\\n"
    >>> [text[a:b] for a, b in reference_spans(text)]
    [' 1, 2']
    >>> text = "Stress raises epinephrine.1 Caffeine opens channels.2 See ages 18 to 60.\\n"
    >>> [text[a:b] for a, b in reference_spans(text)]
    ['1', '2']
    """
    tables = [m.span() for m in TABLE_LINE.finditer(text)]
    found = []  # (start, end, numbers)
    for pattern in (GLUED, SPACED):
        for match in pattern.finditer(text, body_start):
            if any(a <= match.start() < b for a, b in tables):
                continue  # a table cell's number ("| 3.5-5 |") is data
            start = match.start() if pattern is SPACED else match.start(1)
            found.append((start, match.end(1), [int(n) for n in re.findall(r"\d+", match.group(1))]))
    found.sort()
    limit, cited, spans = reference_count(text), 0, []
    for start, end, numbers in found:
        if cited == 0 and numbers[0] != 1:
            continue  # a numbering starts at 1
        most = cited
        for n in numbers:  # "1, 2, 3": each may be one past those before it
            most = max(most, n) if 1 <= n <= max(limit, most + 1) else -1
            if most < 0:
                break
        if most > 0:
            spans.append((start, end))
            cited = most
    if spans:  # an article that cites by number may have lost a bracket's end
        spans += [m.span() for m in CUT.finditer(text, body_start)]
    return tuple(sorted(spans))


def without_references(text: str, start: int, end: int, body_start: int = 0) -> str:
    """article_text[start:end] without the reference numbers inside it.

    >>> article = "Caffeine acts on myocytes.4 This ability can cause twitching.\\n"
    >>> without_references(article.replace("4", "1"), 0, len(article) - 1)
    'Caffeine acts on myocytes. This ability can cause twitching.'
    """
    out, position = [], start
    for a, b in reference_spans(text, body_start):
        if b <= start or a >= end:
            continue
        out.append(text[position:max(a, start)])
        position = min(b, end)
    out.append(text[position:end])
    return "".join(out)
