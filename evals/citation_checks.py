"""Citation checks: the contract (exact offsets, every [n] resolved and used) and whether each claim unit is
backed by what it cites, framings included ("Three of the articles say this:", a case study, a blood level).

Article text comes in through `read_source` (a citation's `source` -> file text, or None when unreadable).
"""
from __future__ import annotations

import re
from typing import Callable

from bot.qualifier import NOTICE as QUALIFIER_NOTICE
from evals.text_match import MARKER_NUMBER, claim_units, contains, content_words

# "Three of the articles say this: <quote> [1][2][3]": checked against the articles its citations come from.
AGREEMENT = re.compile(r"(?:at least )?(\d+|two|three|four|five|six|seven|eight|nine|ten) of the articles say this:\s*",
                       re.IGNORECASE)
# The answer's one other framing: a patient's story is introduced as such. True only when every cited
# passage lies under a case-study heading (read here from the article file, not from the bot's index).
CASE_STUDY_LABEL = re.compile(r"From a case study:\s*")
CASE_STUDY_HEADING = re.compile(r"\bcase (?:study|report|history)\b", re.IGNORECASE)
# And a lab range is labelled as a blood level: true only when every cited text gives a concentration
# (written out here, as the case-study check is: the metrics read files, not the bot's modules).
LEVEL_LABEL = re.compile(r"Blood level \(a lab range, not a dose\):\s*")
CONCENTRATION = re.compile(r"\d\s*(?:mmol|µmol|umol|mEq|mg|g|ng|pg|µg|mcg)/(?:L|dL|mL)\b")
# ...and a quote in the writer's first person is labelled as theirs (bot.shown.WRITER_LABEL): true only when every
# cited text speaks in the first person outside what it quotes (written out here too).
WRITER_LABEL = re.compile(r"In the writer's own words(?: \([^()]*\))?:\s*")
FIRST_PERSON = re.compile(r"\b(?:I(?![,.])|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself)\b")
QUOTATION = re.compile(r"“[^”]*”")
MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+(.*)$", re.MULTILINE)
NUMBER_WORDS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten".split())}

ReadSource = Callable[[str], "str | None"]


def table_header(file_text: str, start: int) -> str:
    """The header line of the Markdown table whose row begins at `start`, or "" when it is no table row."""
    line_start = file_text.rfind("\n", 0, start) + 1
    lines = file_text[:line_start].split("\n")[:-1]  # the lines above, nearest last
    if not file_text[line_start:].lstrip().startswith("|"):
        return ""
    header = ""
    for line in reversed(lines):
        if not line.lstrip().startswith("|"):
            break
        header = line
    return header


def cited_context(citation: dict, read_source: ReadSource) -> str:
    """The citation's text, plus its table's header line when it quotes a table row (the answer names columns)."""
    file_text = read_source(citation.get("source", "")) or ""
    is_row = citation.get("text", "").lstrip().startswith("|")
    header = table_header(file_text, citation.get("start", 0)) if is_row else ""
    return f"{citation.get('text', '')}\n{header}" if header else citation.get("text", "")


def unit_supported(unit: str, cited: list[str]) -> bool:
    """Whether a claim unit is in a cited text, or ≥ 80% of its content words are in the cited texts."""
    if any(contains(text, unit) for text in cited):
        return True
    words = content_words(unit)
    if not words or not cited:
        return False
    found = content_words(" ".join(cited))
    return len(words & found) / len(words) >= 0.8


def unsupported_units(answer: dict, read_source: ReadSource) -> tuple[int, list[str]]:
    """(number of claim units, the units no citation supports) of one answer."""
    by_n = {c.get("n"): c for c in answer.get("citations", [])}
    units = claim_units(answer.get("answer", ""))
    bad = []
    for text, numbers in units:
        cited = [cited_context(by_n[n], read_source) for n in numbers if n in by_n]
        general = QUALIFIER_NOTICE.match(text)  # "The articles don’t speak about “kids” specifically; …" (bot.qualifier)
        if general:
            text = text[general.end():]
        level = LEVEL_LABEL.match(text)
        if level:
            text = text[level.end():]
        writer = WRITER_LABEL.match(text)
        if writer:
            text = text[writer.end():]
        labelled = CASE_STUDY_LABEL.match(text)
        said, claim = agreement_claim(text[labelled.end():] if labelled else text)
        articles = {by_n[n].get("doc_id") for n in numbers if n in by_n}
        if labelled and not all(in_case_study(by_n[n], read_source) for n in numbers if n in by_n):
            bad.append(text)
        elif writer and not all(FIRST_PERSON.search(QUOTATION.sub("", by_n[n].get("text", "")))
                                for n in numbers if n in by_n):
            bad.append(text)
        elif level and not all(CONCENTRATION.search(by_n[n].get("text", "")) for n in numbers if n in by_n):
            bad.append(text)
        elif (said is not None and said != len(articles)) or not unit_supported(claim, cited):
            bad.append(text)
    return len(units), bad


def in_case_study(citation: dict, read_source: ReadSource) -> bool:
    """Whether the heading the cited span lies under names a case study."""
    file_text = read_source(citation.get("source", "")) or ""
    headings = MARKDOWN_HEADING.findall(file_text, 0, citation.get("start", 0))
    return bool(headings) and bool(CASE_STUDY_HEADING.search(headings[-1]))


def agreement_claim(unit: str) -> tuple[int | None, str]:
    """(how many articles the unit says agree, the quoted claim); (None, unit) when it says nothing of it.

    Example:
    >>> agreement_claim("Two of the articles say this: Stress can cause it.")
    (2, 'Stress can cause it.')
    >>> agreement_claim("At least five of the articles say this: Stress can cause it.")
    (5, 'Stress can cause it.')
    """
    match = AGREEMENT.match(unit)
    if not match:
        return None, unit
    word = match.group(1).lower()
    return (int(word) if word.isdigit() else NUMBER_WORDS[word]), unit[match.end():]


def citation_problems(answer: dict, read_source: ReadSource) -> list[str]:
    """Why the answer's citations break the contract; [] when they are all exact, resolved and used."""
    problems = []
    citations = answer.get("citations", [])
    numbers = [c.get("n") for c in citations]
    for c in citations:
        where = f"{c.get('source')}[{c.get('start')}:{c.get('end')}]"
        file_text = read_source(c.get("source", ""))
        if file_text is None:
            problems.append(f"citation [{c.get('n')}]: cannot read {c.get('source')!r}")
        elif not isinstance(c.get("start"), int) or not isinstance(c.get("end"), int) \
                or file_text[c["start"]:c["end"]] != c.get("text"):
            problems.append(f"citation [{c.get('n')}]: text is not {where}")
    used = {int(n) for n in MARKER_NUMBER.findall(answer.get("answer", ""))}
    problems += [f"[{n}] names no citation" for n in sorted(used - set(numbers))]
    problems += [f"citation [{n}] is never used" for n in numbers if n not in used]
    problems += [f"citation number {n} appears twice" for n in sorted({n for n in numbers if numbers.count(n) > 1})]
    return problems
