"""Answers about the articles themselves (issue 21): who a person they quote is, the author's credentials, which
sources an article cites, what its next part will cover. The lines that say so are no claims (ingest.chunk.claim_groups
leaves out a byline, "-Dr. Jun Kimura" / "Father of Electrodiagnostic Neurology", the author's sign-off "Kyle J.
Martinos PT, DPT, ECS", and a signpost, "In a subsequent blog I will do Part 2…"; a reference list's entries are
never quoted, bot.claims.REFERENCE), so before this an answer to "who is Jun Kimura?" could only quote unrelated claims
(a blind judge's most frequent reason for the worst answers). Here such a line opens the answer when the question asks
for it: its kind of question (SOURCE_ASKED) and, for a person, a name word the line says and few sentences do.
The lines are found by the ingest's own rules, not listed: a new article's byline or reference list is found alike."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.claims import REFERENCE, Claim
from bot.memo import once_per
from bot.names import DOCUMENT, NAMED_WEIGHT, article_names
from bot.text import terms
from ingest.chunk import SIGNPOST, byline, list_item_role

# What a question about a source asks for -> the kind of line that answers it (examples that must and must not match:
# tests/test_sources.py). "person": who someone the article quotes is; "author": the writer's name or credentials;
# "reference": the works an article cites; "next": another part of the article's series.
# "who" asking, not "who" relating: at the start of a sentence or clause ("new question: who was Jun Kimura?", "…and
# who wrote it?"), not after a noun ("the physio who wrote that twitching blog - how long do his own twitches last").
ASKING_AT = r"(?:^|[.?!;:,—–(\-]\s*|\b(?:and|but|so|me|know|wondering)\s+)"
WHO = ASKING_AT + "who"
SOURCE_ASKED = {
    "person": re.compile(WHO + r"(?:['’]s| is| was)\b", re.IGNORECASE),
    "author": re.compile(r"\b(?:credentials?|qualifications?|qualified|degrees?|letters after)\b|" + WHO
                         + r"(?: wrote|(?:['’]s| is| was) the (?:author|writer))\b", re.IGNORECASE),
    "reference": re.compile(r"\b(?:sources?|references?|cites?|cited|citations?|bibliography)\b(?! range)",
                            re.IGNORECASE),
    "next": re.compile(r"\b(?:follow[- ]?up|part (?:2|two|ii)|sequel|next (?:post|part|blog|article)|subsequent"
                       r"|somewhere else|(?:is there|any) (?:a |an )?(?:second|another|other|next) part)\b", re.IGNORECASE),
    # whose words a quote is: "Who said the thing about fasciculations being mostly noticed by medical students?", "Who
    # said it and what does it say?" (asked34: judged batch ag, "the requested name not given"; no claim says the name)
    # ...or asked by what they are (drill35: "Which doctor said fasciculations occur commonly…?" quoted him unnamed)
    "quoted": re.compile(r"(?:" + WHO + r"|" + ASKING_AT + r"(?:which|what) (?:doctor|expert|neurologist|physician"
                         r"|specialist|scientist|professor|person))\s+(?:said|says|is quoted|was quoted)\b", re.IGNORECASE),
    # where a table's figures come from: the note under it ("Data gathered from Medscape: Lab Values, Normal Adult"),
    # asked with the words of where and of a table ("where did the lab reference ranges in that table come from?")
    "table": re.compile(r"^(?=.*\b(?:tables?|ranges?|numbers|values|figures|charts?)\b)(?=.*(?:\b(?:comes?|came|coming)"
                        r" from\b|\bsources?\b|\bwhere (?:did|do|does) (?:they|he|she|it|the \w+) get\b))",
                        re.IGNORECASE | re.DOTALL),
}
QUOTED = re.compile(r"\s*[“\"]")  # a sentence in quotation marks
# The words of asking whose words a quote is: a "who said that?" with no other word of its own points back to what it
# is read with (drill35: "Who said that?" right after an answer quoting Dr. Kimura got no byline).
SAYING = frozenset(terms("said says saying say quoted quote quotes"))
AUTHOR_NOUN = re.compile(r"\b(?:author|writer)s?\b", re.IGNORECASE)  # "the author of 'My Muscles are Twitching'"
# A signpost to another piece of the series, not to the article's own text ("In this article, we explore…" is none).
ELSEWHERE = re.compile(r"\b(?:subsequent|later|future|previous|next) (?:blog|post|article|part)\b", re.IGNORECASE)
# A reference list: an entry's own words (bot.claims.REFERENCE) or a list under a "References" heading.
REFERENCES_HEADING = re.compile(r"\b(?:references|sources|bibliography|works cited)\b", re.IGNORECASE)
# A name word: used by at most this many of the articles' sentences (bot.asked.NAMED_SENTENCES: "kimura" 2,
# "electrodiagnost" 1), so a question's "muscle" or "twitching" names no byline.
NAME_SENTENCES = 3
REFERENCES_SHOWN = 2  # reference entries an answer quotes (the gold items ask for "which sources": the first two)


@dataclass(frozen=True)
class SourceLines:
    """Each article's lines about itself or the people it quotes, as claims an answer can show (none is in the
    ClaimIndex, so no other question finds them)."""
    person: dict[str, list[Claim]]  # doc id -> its runs of byline lines outside lists ("-Dr. Jun Kimura", "Father of…")
    author: dict[str, list[Claim]]  # doc id -> its sign-off: a byline that says the author's name
    reference: dict[str, list[Claim]]  # doc id -> its reference entries, in order, each list item one claim
    next: dict[str, list[Claim]]  # doc id -> its signposts to another part of the series
    table: dict[str, list[Claim]]  # doc id -> the notes right under its tables, each with its table's passage id first


def find_lines(index) -> SourceLines:
    """The library's SourceLines (made once per claim index: see source_lines)."""
    library = index.library
    found = SourceLines({}, {}, {}, {}, {})
    claim_at = index.claim_at
    for pid, indices in library.sentences_of.items():
        heading = library.passages[pid].heading or ""
        runs: list[list[int]] = []
        items: list[list[int]] = []  # the passage's list items, each its sentences that are no claim
        for i in indices:
            s = library.sentences[i]
            if claim_at[i] >= 0 or s.readable.endswith(":"):
                continue  # a claim or a list's lead-in: quoted already
            article = library.articles[s.doc_id]
            item = list_item_role(article.text, s.start)
            if item == "start" or item == "inside" and not (items and items[-1][-1] == i - 1):
                items.append([i])
            elif item == "inside":
                items[-1].append(i)
            elif byline(article.text, s):
                author = set(terms(str(article.meta.get("author") or "")))
                if author and set(terms(s.readable)) >= author:
                    found.author.setdefault(s.doc_id, []).append(Claim((i,), None))
                elif runs and runs[-1][-1] == i - 1:
                    runs[-1].append(i)
                else:
                    runs.append([i])
            elif SIGNPOST.search(s.readable) and ELSEWHERE.search(s.readable):
                found.next.setdefault(s.doc_id, []).append(Claim((i,), None))
        for run in runs:
            found.person.setdefault(library.sentences[run[0]].doc_id, []).append(Claim(tuple(run), None))
        # a reference list: under a "References" heading, or most of its items read as entries (bot.claims does the
        # same), so its odd entry ("Place Holder") comes along in its place
        entries = [bool(REFERENCE.search(" ".join(library.sentences[i].readable for i in item))) for item in items]
        if items and (REFERENCES_HEADING.search(heading) or 2 * sum(entries) > len(entries)):
            doc = library.sentences[items[0][0]].doc_id
            found.reference.setdefault(doc, []).extend(Claim(tuple(item), None) for item in items)
    # a table's note: the sentence right after its rows, in its article, that leads into nothing (no closing ":")
    tables = [(pid, indices) for pid, indices in library.sentences_of.items() if library.passages[pid].kind == "table"]
    of_doc = sentences_by_doc(library)
    for pid, indices in tables:
        last = library.sentences[indices[-1]]
        later = [i for i in of_doc[last.doc_id] if library.sentences[i].start >= last.end]
        after = min(later, key=lambda i: library.sentences[i].start, default=None)
        if after is not None and not library.sentences[after].readable.endswith(":"):
            found.table.setdefault(last.doc_id, []).append(Claim((after,), None))
    return found


source_lines = once_per(find_lines)


def doc_sentences(library) -> dict[str, list[int]]:
    """doc id -> its sentences (indices into library.sentences), in that list's order; made from the passages, so no
    sentence record is made. A table's note and the rows before it are looked for among its article's sentences: a
    scan of every sentence per table took 120 of a first answer's 128 s under cProfile at 1,000 synthetic articles
    (425 tables x 64,184 sentences; a cold `ask` 4.8 s against 1.5 s before the table notes, cold28)."""
    found: dict[str, list[int]] = {}
    for pid, indices in library.sentences_of.items():
        found.setdefault(library.passages[pid].doc_id, []).extend(indices)
    return {doc: sorted(indices) for doc, indices in found.items()}


sentences_by_doc = once_per(doc_sentences)


def asks_about_source(query: str) -> bool:
    """Whether the question asks any of SOURCE_ASKED's kinds: only then are the library's source lines looked for
    (found_source), which the first such question of a process makes (find_lines reads every sentence that is no
    claim: most questions never need them)."""
    return any(pattern.search(query) for pattern in SOURCE_ASKED.values())


def source_claims(index, query: str, search: str | None = None) -> list[Claim]:
    """What opens an answer about an article itself or a person it quotes: found_source's line, and for a person the
    words of theirs the byline is under ("-Dr. Jun Kimura" signs "Fasciculations occur commonly…"), so "who is Jun
    Kimura and what's his point?" gets both; [] when no line answers. `search`: what a follow-up was searched with
    (found_source)."""
    kind, line, _ = found_source(index, query, search)
    if line is None:
        return []
    before = int(index.claim_at[line.sentences[0] - 1]) if kind == "person" and line.sentences[0] > 0 else -1
    said = index.library.sentences
    if before >= 0 and said[line.sentences[0] - 1].passage_id == said[line.sentences[0]].passage_id:
        return [line, index.claims[before]]
    return [line]


def answers_source(index, query: str) -> bool:
    """Whether a line of the articles answers the question by itself, so it is no refusal whatever else it asks: a
    person named by their byline's name word ("who is jun kimura": refused before, no claim says the name), or
    another kind of line of an article the question names. Not the author's sign-off alone: "who wrote the bible?"
    names no article and asks about no writer of theirs."""
    kind, _, named = found_source(index, query)
    return kind in ("person", "table") or kind is not None and named


def best_byline(lines, score, above: int) -> Claim | None:
    """The byline (a run of lines.person) scoring most, above `above`; the first of equals, in article order."""
    best, best_score = None, above
    for _, runs in sorted(lines.person.items()):
        for run in runs:
            value = score(run)
            if value > best_score:
                best, best_score = run, value
    return best


def found_source(index, query: str, search: str | None = None) -> tuple[str | None, Claim | None, bool]:
    """(the kind of line, the line, whether the question names its article) answering a question about an article
    itself or a person it quotes; (None, None, False) when none does.

    Example: "who is Jun Kimura?" -> "person", the byline "-Dr. Jun Kimura" / "Father of Electrodiagnostic Neurology";
    "what are the credentials of the author of 'My Muscles are Twitching'?" -> "Kyle J. Martinos PT, DPT, ECS";
    "why do my muscles twitch?" -> (None, None, False).
    Every kind is asked by `query`, the message's own words; `search` (a follow-up read with the earlier question)
    lends its words only to a "who said that?" that has none of its own but SAYING's.
    """
    if not asks_about_source(query):  # every branch below asks one of them: the same answer, no lines made
        return None, None, False
    library = index.library
    lines = source_lines(index)
    named = article_names(library).named(query, by_role=False)  # by a word: "who wrote the song…" names none
    top = max(named.values(), default=0.0)
    strongest = [doc for doc, w in named.items() if w >= max(top, NAMED_WEIGHT) - 1e-9]
    asked = set(terms(query))
    if SOURCE_ASKED["person"].search(query) or SOURCE_ASKED["author"].search(query):
        # a person by a name word only their byline (and few other sentences) says
        def name_words(run: Claim) -> int:
            said = {t for i in run.sentences for t in terms(library.sentences[i].readable)}
            return len([t for t in asked & said if len(t) >= 3 and 0 < library.term_sentences.get(t, 0) <= NAME_SENTENCES])
        best = best_byline(lines, name_words, 0)
        if best is not None:
            return "person", best, bool(strongest)
    if SOURCE_ASKED["quoted"].search(query):
        # a person by the words of theirs the byline is under: the quote (a sentence in quotation marks right before the
        # byline, in its passage) sharing most of the question's words, two at least (a byline under a plain claim signs
        # no quote; asked34's case, "The provided evidence [1", is no byline since byline34: ingest.chunk.cut_short)
        quote_words = set(terms(search)) if search and not asked - SAYING else asked

        def quote_words_shared(run: Claim) -> int:
            before = run.sentences[0] - 1
            if before < 0 or index.claim_at[before] < 0 or not QUOTED.match(library.sentences[before].readable) \
                    or library.sentences[before].passage_id != library.sentences[run.sentences[0]].passage_id:
                return 0
            return len(quote_words & index.claim_terms[int(index.claim_at[before])])
        best = best_byline(lines, quote_words_shared, 1)
        if best is not None:
            return "person", best, bool(strongest)
    # the writer: of an article the question names by a word or speaks of ("this blog", "the author of…"); "who wrote
    # the song Muscle Museum" does neither
    of_article = bool(strongest) or bool(DOCUMENT.search(query)) or bool(AUTHOR_NOUN.search(query))
    if SOURCE_ASKED["author"].search(query) and index.about_author(query) and of_article:
        docs = strongest or sorted(lines.author)
        for doc in docs:
            if lines.author.get(doc):
                return "author", lines.author[doc][0], bool(strongest)
    if SOURCE_ASKED["table"].search(query) and lines.table:
        # the note of the article named, else of the table whose words the question shares most
        notes = [(doc, note) for doc in (strongest or sorted(lines.table)) for note in lines.table.get(doc, [])]
        if notes:
            def shared(note: Claim) -> int:  # the question's words the article's sentences before the note share
                said = library.sentences[note.sentences[0]]
                rows = [library.sentences[i] for i in sentences_by_doc(library)[said.doc_id]
                        if library.sentences[i].end <= said.start][-8:]
                return len(asked & {t for s in rows for t in terms(s.readable)})
            doc, note = max(notes, key=lambda dn: shared(dn[1]))
            return "table", note, bool(strongest)
    for kind in ("reference", "next"):
        # the works cited: only of an article the question names; the next part: of the articles named first, then
        # of any that has one ("the physio's post" names none by a word; "the 'My Muscles are Twitching' post about
        # when to be concerned" names the 'when to be concerned' article by its title words)
        docs = sorted((d for d, w in named.items() if w >= NAMED_WEIGHT), key=lambda d: -named[d])
        docs += [d for d in sorted(lines.next) if d not in docs] if kind == "next" and of_article else []
        if SOURCE_ASKED[kind].search(query):
            for doc in docs:
                entries = getattr(lines, kind).get(doc)
                if entries and kind == "reference":
                    shown = entries[:REFERENCES_SHOWN]
                    if all(b.sentences[0] == a.sentences[-1] + 1 for a, b in zip(shown, shown[1:])):
                        return kind, Claim(tuple(i for c in shown for i in c.sentences), None), bool(strongest)
                    return kind, shown[0], bool(strongest)
                if entries:
                    return kind, entries[0], bool(strongest)
    return None, None, False
