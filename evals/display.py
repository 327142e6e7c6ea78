"""What a displayed answer shows that a reader should not see: a quote's debris and quotes that start mid-thought.

Read from the answer contract and the article files only (not the bot's own index or rules), so it checks the
bot rather than repeating it. Each statement of an answer ("… [1][2]") is checked for:

- marker: a source's reference number left in the quote ("myocytes.4 This", "severe electrolyte disorder 1.",
  "muscle twitching 1, 2, 3", "…anxious about ALS).”1", a cut-off "[1");
- checkbox: an emoji or a checkbox glyph ("✅ Get 7+ hours");
- markdown: Markdown syntax ("**", a table's "|", a heading's "#", a list's "- ", a link's "](");
- quote_cut: a quotation the quote cuts in two (its opening or its closing mark shown without the other);
- lead_alone: a list's lead-in shown without any of its items (the quote ends with its ":");
- item_alone: a list item shown without its list's lead-in, when the article gives the list one (a line ending
  with ":" just before the list, or the parent item of a nested list) and the item does not name itself (a label
  and a sentence of its own: "Stress and anxiety: Elevated cortisol levels…");
- leans: a quote opening with a word that leans on what came before ("This", "These", "It", "However", "For
  example", "Other …") or naming "this <noun>" its article introduced in the sentence before, when the
  answer does not show that sentence right before it;
- dash: a dash or a bullet left at a quote's start or end ("-Dr. Jun Kimura", a byline's dash; "• Rest", "… -");
- lead_cut: a list's lead-in cut off mid-list before an item that carries its own label, two colons chained
  ("Here are the most frequent triggers: … Stress and anxiety: Elevated cortisol…"), the items between left out;
- repeated: a citation number shown twice ("[1][1]", or "[1][2] … [2]": a span cited for one statement and
  shown again as the next);
- run_on: two lines of the article run together as one sentence with no stop between them, a heading or a byline
  read into the next ("-Dr. Jun Kimura Father of Electrodiagnostic Neurology");
- unstopped: a quote shown as a sentence that ends without a stop, a list item's or a table cell's end
  ("…can cause muscle spasms, weakness, and tetany [1] Magnesium helps…").

The last five are what the blind judges of batches ak and am named "leftover formatting" (dangling lead-in
fragment, list fragment artifact, formatting artifact, duplicated citation artifact; display38).

`defects(answer, doc_texts)` lists them; tests/test_display.py runs it on the bot's real answers.
"""
from __future__ import annotations

import re
from typing import Mapping

# What ends a sentence shown in running prose (a stop, a closing mark after one, an ellipsis) and what a list item that
# names itself is: the display's own definitions (bot.display), read here as they are there.
from bot.display import STOPPED, names_itself
from bot.qualifier import NOTICE as QUALIFIER_NOTICE

# The answer's own framing before a quote (bot.extractive): not the quote's words.
FRAMING = re.compile(r"^(?:(?:At least )?\w+ of the articles say this:\s*|From a case study:\s*|"
                     r"In the writer's own words(?: \([^()]*\))?:\s*|"
                     r"Blood level \(a lab range, not a dose\):\s*|" + QUALIFIER_NOTICE.pattern + ")+")
STATEMENT = re.compile(r"(.+?)\s*((?:\[\d+\])+)", re.DOTALL)
NUMBER = re.compile(r"\[(\d+)\]")
# A reference number glued to the word or stop before it (a superscript flattened: "myocytes.4", "Adult5",
# "ALS).”1"); a capital before it is a name ("B12", "LGI1", "HCO3") and is no marker.
GLUED = re.compile(r"(?:(?<=[a-z])|(?<=[a-z)][.!?,;:])|(?<=[.!?)][”\"’]))\d{1,2}(?:,\s?\d{1,2})*(?![\d.%/])")
# ...or a bare small number (or several) after the last word of a sentence: "disorder 1.", "twitching 1, 2, 3".
SPACED = re.compile(r"(?<=[a-z]) \d{1,2}(?:, ?\d{1,2})*(?=[.;]?(?:\s+[A-Z“\"]|\s*$))")
CUT_BRACKET = re.compile(r"\[\d+(?![\d,\s]*\])")
CHECKBOX = re.compile(r"[\u2610-\u2612\u2705\u2713-\u2718\u274C\u274E\u2600-\u27BF\U0001F300-\U0001FAFF]")
MARKDOWN = re.compile(r"\*\*|__|`|\]\(|<br|(?:^|\s)#{1,6}\s|\s\|\s|^\||^[-*+]\s")
# Words that lean on what came before (closed classes of English: pronouns and determiners pointing back,
# discourse connectives); written out here, as the metrics read no bot rule.
LEANS = re.compile(r"(?:This|These|That|Those|It|Its|It['’]s|They|Their|Such|Both|Other|Another|Also|However|But|"
                   r"Now(?=,)|So(?! (?:much|many|far)\b)|And|Yet|Still(?=,)|Then(?=,)|Again(?=,)|"
                   r"Moreover|Furthermore|Additionally|In addition|Besides|Secondly|Thirdly|Lastly|Therefore|Thus|"
                   r"Hence|As a result|Consequently|Similarly|Likewise|Instead|Conversely|In contrast|"
                   r"On the other hand|For (?:example|instance)|In (?:this|that|such) case)\b")
LABEL = re.compile(r"\[([^\]]+):\]\s")  # a bracketed referent shown before a quote ("[Eyelid twitching (myokymia):] It…")
DEMONSTRATIVE = re.compile(r"^(?:\w+,\s*)?[^,;:]*?\b(?:this|these|those|such)\s+(?!as\b)([a-z]+)")
# A lead-in that is no sentence, a noun phrase and its examples marker set off by a comma ("Specific electrolyte
# imbalances, such as:"): like one that leans, it is not shown before an item that is a sentence of its own.
FRAGMENT_LEAD = re.compile(r"^[^.!?:]*,\s*(?:such as|including|like|for example|for instance|e\.g\.)\s*:$",
                           re.IGNORECASE)
# "It" with nothing to point at: "It's important to note that…", "It is worth…" lean on nothing.
EXPLETIVE = re.compile(r"It(?:['’]s| is| was) (?:\w+ )?(?:to|that|worth)\b")
LIST_LINE = re.compile(r"^([ \t]*)(?:[-*+•]|\d{1,3}[.)])[ \t]+")
# A dash or bullet at a quote's edge: "-Dr. Jun Kimura", "• Rest well", "…at rest -". An em dash inside ("— Dr. Alan
# Reyes, Neurologist…" after a quotation) is the articles' punctuation, not an edge.
EDGE_DASH = re.compile(r"^[-–—•*+](?=\s*\S)|(?<=\s)[-–—•]$|(?<=\w)-$")
# A lead-in, the ellipsis for the items left out, and an item that names itself ("Label: sentence"): the label says
# what the item is, the lead-in before it only announces a list that is not there.
LEAD_CUT = re.compile(r":\s*…\s+[A-Z][^.:!?…]{0,60}:\s")
KINDS = ("marker", "checkbox", "markdown", "quote_cut", "lead_alone", "item_alone", "leans", "dash", "lead_cut",
         "repeated", "run_on", "unstopped")


def statements(answer: dict) -> list[tuple[str, list[dict]]]:
    """(the displayed quote without its framing, its citations) of each statement of an answer."""
    by_n = {c["n"]: c for c in answer.get("citations", [])}
    out = []
    for match in STATEMENT.finditer(answer.get("answer", "")):
        text = FRAMING.sub("", match.group(1).strip())
        cited = [by_n[int(n)] for n in NUMBER.findall(match.group(2)) if int(n) in by_n]
        # A refusal's opening words ("The articles don't mention statins. What they say about X:") end in ":";
        # only the quote after them is the articles'.
        if cited and ":" in text and not any(text.startswith(c["text"][:20]) for c in cited):
            head = text.split(": ", 1)
            if len(head) == 2 and not any(head[0] in c["text"] for c in cited):
                text = head[1]
        out.append((FRAMING.sub("", text), cited))
    return out


def marker_debris(text: str) -> list[str]:
    """Reference numbers and a cut-off bracket left in a displayed quote.

    >>> marker_debris("…the muscles and myocytes.4 This ability can cause muscle twitching 1, 2, 3")
    ['4', ' 1, 2, 3']
    >>> marker_debris("Low B12 or LGI1 (2.25-2.62 mmol/L) in adults 18 to 60 get 7 or more hours.")
    []
    >>> marker_debris("a Moroccan woman with severe electrolyte disorder 1. Most"), marker_debris("evidence [1")
    ([' 1'], ['[1'])
    """
    return [m.group(0) for pattern in (GLUED, SPACED, CUT_BRACKET) for m in pattern.finditer(text)]


def line_of(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end < 0 else end


def list_lead(text: str, start: int) -> tuple[int, int] | None:
    """The span of the lead-in line of the list whose item begins at `start` (a line ending with ":" just
    before the list, or the item a nested list hangs from), or None: not a list item, or a list without one."""
    line_start, _ = line_of(text, start)
    item = LIST_LINE.match(text[line_start:])
    if not item or line_start + item.end() != start:
        return None
    indent = len(item.group(1).expandtabs())
    position = line_start
    while position > 0:
        prev_start, prev_end = line_of(text, position - 1)
        line = text[prev_start:prev_end]
        marker = LIST_LINE.match(line)
        if marker and len(marker.group(1).expandtabs()) >= indent:
            position = prev_start  # an earlier item of the same list (or a deeper one)
            continue
        if not line.strip():
            position = prev_start  # a blank line between the lead-in and its list, or a loose list's items
            continue
        stripped = line.rstrip()
        if not stripped.endswith(":"):
            return None
        begin = prev_start + (marker.end() if marker else len(line) - len(line.lstrip()))
        last = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", text[begin:prev_start + len(stripped)])[-1]
        return prev_start + len(stripped) - len(last), prev_start + len(stripped)  # its last sentence
    return None


def previous_sentence(text: str, start: int) -> str:
    """The sentence before `start` in its paragraph ('' at a paragraph's or an item's start)."""
    line_start, _ = line_of(text, start)
    before = text[line_start:start]
    before = before[LIST_LINE.match(before).end():] if LIST_LINE.match(before) else before
    pieces = re.split(r"(?<=[.!?”\"’)\d])\s+(?=[A-Z“\"])", before.strip())
    return pieces[-1] if pieces and pieces[-1] else ""


def run_on(text: str, cited: list[dict]) -> bool:
    """Whether the displayed quote runs two lines of a cited span together with no stop between them: the first line
    ends in a word (a heading, a byline) and the display joins it to the next one's first word with a space.

    >>> run_on("Dr. Jun Kimura Father of Electrodiagnostic Neurology", [{"text": "-Dr. Jun Kimura\\n\\nFather of E"}])
    True
    >>> run_on("Causes include: poor diet; diarrhea", [{"text": "Causes include:\\n\\n- poor diet\\n- diarrhea"}])
    False
    """
    for c in cited:
        for match in re.finditer(r"(\w+)[ \t]*\n\s*(?:[-*+•][ \t]+|\d{1,3}[.)][ \t]+|#{1,6}[ \t]+|\|)?(\w+)", c["text"]):
            if f"{match.group(1)} {match.group(2)}" in text:
                return True
    return False


def defects(answer: dict, doc_texts: Mapping[str, str]) -> list[tuple[str, str]]:
    """(kind, the displayed quote) of each defect of an answer (see the module docstring)."""
    found = []
    shown = statements(answer)
    previous_end: tuple[str, int] | None = None  # (doc_id, end) of the statement before
    displayed = answer.get("answer", "")
    numbers_shown: set[str] = set()
    for (text, cited), numbers in zip(shown, (m.group(2) for m in STATEMENT.finditer(displayed))):
        kinds = []
        these = NUMBER.findall(numbers)
        if len(set(these)) < len(these) or numbers_shown.intersection(these):
            kinds.append("repeated")
        numbers_shown.update(these)
        quote = text.strip()
        if EDGE_DASH.search(quote):
            kinds.append("dash")
        if LEAD_CUT.search(quote):
            kinds.append("lead_cut")
        if run_on(quote, cited):
            kinds.append("run_on")
        if quote and not STOPPED.search(quote) and not quote.endswith(":"):
            kinds.append("unstopped")
        if marker_debris(text):
            kinds.append("marker")
        if CHECKBOX.search(text):
            kinds.append("checkbox")
        if MARKDOWN.search(text):
            kinds.append("markdown")
        if text.count("“") != text.count("”"):  # a quotation cut in two: "“Most muscle twitches are benign… sleep."
            kinds.append("quote_cut")
        if text.rstrip(" …").endswith(":"):
            kinds.append("lead_alone")
        for c in cited:
            article = doc_texts.get(c["doc_id"])
            if article is None:
                continue
            lead = list_lead(article, c["start"])
            # a lead-in that leans itself ("Other factors, such as:") or is no sentence (FRAGMENT_LEAD) can't be shown
            # alone either: its item may stand without it
            if lead and lead[0] < lead[1] and article[lead[0]:lead[1]].strip() not in displayed \
                    and not names_itself(article[c["start"]:line_of(article, c["start"])[1]]) \
                    and not LEANS.match(article[lead[0]:lead[1]]) \
                    and not FRAGMENT_LEAD.match(article[lead[0]:lead[1]].strip()) \
                    and not (c["start"] <= lead[0] < c["end"]):
                kinds.append("item_alone")
                break
        first = cited[0] if cited else None
        if first is not None and first["doc_id"] in doc_texts and not (previous_end and previous_end[0] == first["doc_id"]
                                                                       and not doc_texts[first["doc_id"]][previous_end[1]:first["start"]].strip()):
            opening = first["text"]
            article = doc_texts[first["doc_id"]]
            before = previous_sentence(article, first["start"])
            demonstrative = DEMONSTRATIVE.match(opening)
            refers = bool(demonstrative and before and re.search(rf"\b{re.escape(demonstrative.group(1)[:5])}",
                                                                 before, re.IGNORECASE))
            # a bracketed label before it that is the phrase the sentence before names, that sentence cited with it
            # ("[A degenerative condition, such as MS or ALS:] While these conditions have no cure… [1][2]"): the
            # reader is shown what "these conditions" are
            label = LABEL.match(text)
            if refers and label and label.group(1).lower() in before.lower() \
                    and any(c["doc_id"] == first["doc_id"] and before.strip() in c["text"] for c in cited[1:]):
                refers = False
            # a lead-in shown before its item carries the item: only its own opening can lean
            leading = text if not text.startswith(opening[:30]) else opening
            if LEANS.match(leading) and not EXPLETIVE.match(leading) or refers:
                kinds.append("leans")
        if cited:
            last = max(cited[:1], key=lambda c: c["end"])
            previous_end = (last["doc_id"], last["end"])
        found += [(kind, text) for kind in dict.fromkeys(kinds)]
    return found


def counts(answers: list[dict], doc_texts: Mapping[str, str]) -> dict[str, int]:
    """kind -> how many statements of these answers show it."""
    out = dict.fromkeys(KINDS, 0)
    for answer in answers:
        for kind, _ in defects(answer, doc_texts):
            out[kind] += 1
    return out
