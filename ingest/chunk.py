"""Cut an article into passages that follow its structure, each with exact character spans.

A passage is a paragraph, a list (with the line that introduces it) or a whole table, under its
heading path. Every passage and every sentence in it (a list item, a table row) carries its
`[start, end)` span in the article file, so `article.text[start:end]` is always the quoted text.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ingest.load import Article

MAX_WORDS = 120  # longer paragraphs and lists are split: small passages cite precisely
HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*+•]|\d{1,3}[.)])[ \t]+")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
# A sentence ends at . ! or ? (maybe closed by a quote or a reference number like "myocytes.4")
# and the next one starts with a capital, a digit or an opening quote.
SENTENCE_END = re.compile(r"[.!?]+[”\"’)\]]*(?:\d{1,2}(?:,\s?\d{1,2})*)?(?=\s+[A-Z0-9“\"‘(])")
ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "prof", "e.g", "i.e", "vs", "st", "no", "fig", "al", "jr", "minn"}


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str  # article.text[start:end]
    readable: str  # how an answer shows it: the text itself, or a table row with its column names


@dataclass(frozen=True)
class Passage:
    doc_id: str
    start: int
    end: int
    text: str  # article.text[start:end]
    heading: str  # heading path, e.g. "Common Reasons › Stress:"
    kind: str  # "paragraph" | "list" | "table"
    sentences: tuple[Sentence, ...]

    @property
    def id(self) -> str:
        """Content hash: the same text at the same place in the same article keeps its id."""
        key = f"{self.doc_id}\0{self.start}\0{self.end}\0{self.text}"
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    def embedding_text(self, title: str) -> str:
        body = "\n".join(s.readable for s in self.sentences) if self.kind == "table" else self.text
        return "\n".join(part for part in (title, self.heading, body) if part)


@dataclass
class Block:
    kind: str  # "paragraph" | "list" | "table"
    heading: str
    units: list[tuple[int, int]]  # paragraph: one span; list: one per item; table: one per line


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans in `text`, shifted by `offset`, trimmed of surrounding whitespace.

    Example: split_sentences("Dr. Kim said so. It works.") == [(0, 16), (17, 26)]
    """
    spans, begin = [], 0
    for match in SENTENCE_END.finditer(text):
        word = re.search(r"(\S+?)[.!?]*$", text[begin:match.start() + 1])
        token = word.group(1).rstrip(".").lower() if word else ""
        if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue  # "Dr. Jun", "Kyle J. Martinos": not a sentence end
        spans.append((begin, match.end()))
        begin = match.end()
    spans.append((begin, len(text)))
    out = []
    for start, end in spans:
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if piece.strip():
            out.append((offset + start + lead, offset + end - trail))
    return out


def lines_with_offsets(text: str, start: int):
    """(line_start, line_end, line) for each line of text[start:], line without its newline."""
    position = start
    for line in text[start:].split("\n"):
        yield position, position + len(line), line
        position += len(line) + 1


def blocks(article: Article) -> list[Block]:
    """Group the article's lines into headings, paragraphs, lists and tables."""
    out: list[Block] = []
    trail: list[tuple[int, str]] = []  # (level, heading text) from the top down
    current: Block | None = None
    for start, end, line in lines_with_offsets(article.text, article.body_start):
        stripped = line.strip()
        heading = HEADING.match(line) if article.markdown else None
        if not stripped or heading:
            current = None
            if heading:
                level = len(heading.group(1))
                trail = [(lvl, txt) for lvl, txt in trail if lvl < level] + [(level, heading.group(2))]
            continue
        path = " › ".join(txt for _, txt in trail)
        lead = len(line) - len(line.lstrip())
        if article.markdown and stripped.startswith("|"):
            kind, span = "table", (start + lead, end - (len(line) - len(line.rstrip())))
        elif article.markdown and (item := LIST_ITEM.match(line)):
            kind, span = "list", (start + item.end(), end - (len(line) - len(line.rstrip())))
        else:
            kind, span = "paragraph", (start + lead, end - (len(line) - len(line.rstrip())))
        joins = current is not None and current.kind == kind and (kind != "paragraph" or article.markdown)
        if joins:
            if kind == "paragraph":  # a wrapped Markdown paragraph: one unit across its lines
                current.units[-1] = (current.units[-1][0], span[1])
            else:
                current.units.append(span)
        else:
            current = Block(kind, path, [span])
            out.append(current)
    return out


def table_rows(article: Article, block: Block) -> list[Sentence]:
    """The data rows of a table, each readable as 'first cell — column: cell; column: cell'."""
    def cells(span):
        return [c.strip() for c in article.text[span[0]:span[1]].strip().strip("|").split("|")]

    rows = [span for span in block.units if not TABLE_RULE.match(article.text[span[0]:span[1]])]
    header, body = (cells(rows[0]), rows[1:]) if len(rows) > 1 else ([], rows)
    out = []
    for span in body:
        values = cells(span)
        named = "; ".join(f"{h}: {v}" for h, v in zip(header[1:], values[1:]) if v)
        readable = f"{values[0]} — {named}" if named else " ".join(values)
        out.append(Sentence(span[0], span[1], article.text[span[0]:span[1]], readable))
    return out


def sentences_of(article: Article, spans) -> list[Sentence]:
    out = []
    for start, end in spans:
        for s, e in split_sentences(article.text[start:end], start):
            out.append(Sentence(s, e, article.text[s:e], article.text[s:e]))
    return out


def word_count(article: Article, span: tuple[int, int]) -> int:
    return len(article.text[span[0]:span[1]].split())


def group(units: list[Sentence]) -> list[list[Sentence]]:
    """Split a run of sentences into groups of at most MAX_WORDS words (a long unit stays whole)."""
    groups: list[list[Sentence]] = [[]]
    words = 0
    for unit in units:
        size = len(unit.text.split())
        if groups[-1] and words + size > MAX_WORDS:
            groups.append([])
            words = 0
        groups[-1].append(unit)
        words += size
    return [g for g in groups if g]


def short_items(article: Article, block: Block) -> bool:
    """A list of short items ("poor diet", "diarrhea") reads only as a whole."""
    sizes = sorted(word_count(article, span) for span in block.units)
    return sizes[len(sizes) // 2] <= 6


def one_unit(article: Article, intro: list[Sentence], block: Block) -> Sentence:
    """The intro line and all items as one citable unit, readable as "intro item; item; item"."""
    items = "; ".join(article.text[s:e].rstrip(".;") for s, e in block.units)
    lead = " ".join(s.readable for s in intro)
    start = intro[0].start if intro else block.units[0][0]
    end = block.units[-1][1]
    return Sentence(start, end, article.text[start:end], f"{lead} {items}".strip())


def chunk(article: Article) -> list[Passage]:
    """Passages of one article, in reading order."""
    passages: list[Passage] = []
    pending_intro: Passage | None = None  # a paragraph ending in ':' joins the list after it

    def emit(kind, heading, units: list[Sentence], span: tuple[int, int] | None = None):
        start, end = span or (units[0].start, units[-1].end)
        passages.append(Passage(article.id, start, end, article.text[start:end], heading, kind, tuple(units)))

    all_blocks = blocks(article)
    for index, block in enumerate(all_blocks):
        if block.kind == "table":
            rows = table_rows(article, block)
            if rows:
                emit("table", block.heading, rows, (block.units[0][0], block.units[-1][1]))
            continue
        units = sentences_of(article, block.units)
        if block.kind == "paragraph":
            following = all_blocks[index + 1] if index + 1 < len(all_blocks) else None
            text = article.text[block.units[0][0]:block.units[-1][1]]
            if following and following.kind == "list" and text.endswith(":") and len(units) <= 2:
                pending_intro = units
                continue
            for part in group(units):
                emit("paragraph", block.heading, part)
        else:
            intro, pending_intro = pending_intro or [], None
            if short_items(article, block):
                units = [one_unit(article, intro, block)]
                intro = []
            for number, part in enumerate(group(units)):
                emit("list", block.heading, (intro if number == 0 else []) + part)
    return passages
