"""Questions about the articles themselves (bot.sources): the rule table, and the real bot quoting the line that says so."""
import re

import pytest

from bot.shown import WRITER_LABEL
from bot.sources import SOURCE_ASKED

# kind -> (questions that must ask for it, questions that must not)
TABLE = {
    "person": (["who is jun kimura", "new question: who was Jun Kimura?", "Who is Dr Alan Reyes and when does he say to get checked?",
                "who's the 'father of electrodiagnostic neurology' quoted in the blog?"],
               ["the physio who wrote that twitching blog - how long do his own twitches last",
                "Does the physical therapist who is quoted get twitches?", "what should I do about twitching"]),
    "author": (["what are the credentials of the author of 'My Muscles are Twitching'?",
                "Who wrote the 'My Muscles are Twitching' post and what kind of patients does he see?", "is he qualified?"],
               ["the PT who wrote about his own twitches — how long do his usually last?",
                "how long do the twitches last for the physical therapist who wrote the Martinos blog?"]),
    "reference": (["What sources does the Dr.Oracle piece on what causes fasciculations cite?", "which references does it list"],
                  ["Normal reference range for serum magnesium?", "what's the reference range for calcium in the table?"]),
    "next": (["is there a follow up to the physio's twitching post?", "what is part 2 of the Martinos series going to be about?",
              "does the martinos blog actually cover when to worry or is that somewhere else",
              "Is there a second part to the Martinos twitching article, and what's it about?"],
             ["In Part 1 of the Martinos series, what combination means immediate medical attention?",
              "can twitching come in a series of jerks?",
              "what does the second part of the Martinos post say about caffeine?"]),
    "quoted": (["Who said the thing about fasciculations being mostly noticed by medical students?",
                "Someone told me there's a famous quote about exactly this in one of the articles. Who said it and what does it say?",
                # drill35: the person asked for by what they are
                "Which doctor said fasciculations occur commonly in healthy subjects?",
                "what expert said twitching is mostly noticed by medical students?", "And which neurologist is quoted?"],
               ["the doctor who said it was benign - was he right?", "who is jun kimura", "my neurologist says it's BFS",
                "my doctor said it's benign", "the neurologist I saw said it was BFS, which doctor should I see now?",
                "which doctor should I see?"]),
    "table": (["where do the lab ranges in that twitching blog come from? are they legit?",
               "where do the 'normal range' numbers in that electrolyte table come from? like what source",
               "what's the source of the values in the electrolyte table?"],
              ["where does twitching come from?", "what is the normal range for potassium?",
               "which triggers does the table list?", "where does the pain in my back come from?"]),
}


@pytest.mark.parametrize("kind,question,asks", [(kind, q, asks) for kind, (yes, no) in TABLE.items()
                                                 for asks, qs in ((True, yes), (False, no)) for q in qs])
def test_source_asked_table(kind, question, asks):
    assert bool(SOURCE_ASKED[kind].search(question)) is asks


@pytest.mark.parametrize("question,opens_with", [
    # refused before: no claim says the name; shown without the byline's dash (bot.display, display38)
    ("who is jun kimura", "Dr. Jun Kimura, Father of Electrodiagnostic Neurology."),
    ("What sources does the Dr.Oracle 'what causes muscle twitching' article cite?", "Electrolyte Disorders and the Nervous System."),
    ("what are the credentials of the author of 'My Muscles are Twitching'?", "Kyle J. Martinos PT, DPT, ECS"),
    ("is there a follow up to the physio's twitching post?", "In a subsequent blog I will do Part 2"),
    # refused before (closest claim 0.39 < min_relevance): the note under the table is no claim a search finds first
    ("Where did the lab reference ranges in that table come from?", "Data gathered from Medscape: Lab Values"),
])
def test_a_question_about_a_source_opens_with_its_line(bot, question, opens_with):
    answer = bot.ask(question)
    assert not answer.refused
    # a line in the writer's first person ("In a subsequent blog I will…") comes under the label naming them (frag28)
    assert re.sub(rf"^{re.escape(WRITER_LABEL)}[^:]*: ", "", answer.answer).startswith(opens_with)
    first = answer.citations[0]
    assert first.text == open(first.source, encoding="utf-8").read()[first.start:first.end]


@pytest.mark.parametrize("question", [
    "Who said the thing about fasciculations being mostly noticed by medical students?",
    "I'm a second-year med student and I've convinced myself I have ALS. Someone told me there's a famous quote about "
    "exactly this in one of the articles. Who said it and what does it say?",
    "Which doctor said fasciculations occur commonly in healthy subjects?",  # drill35: quoted without the name before
])
def test_who_said_a_quote_is_answered_with_its_byline(bot, question):
    answer = bot.ask(question).answer
    assert answer.startswith("Dr. Jun Kimura, Father of") and "mostly recognized by medical students" in answer


def test_who_said_what_no_quote_says_does_not_open_with_a_byline(bot):
    assert "Kimura" not in bot.ask("who said caffeine causes twitching?").answer.split("[1]")[0]
    assert not bot.ask("who said caffeine causes twitching?").answer.startswith("The provided evidence")


# drill35: "Who said that?" right after an answer quoting Dr. Kimura (the web chat's follow-up) has no words of its
# own but "said", so the quote is found by the words it is read with (the earlier question); a question with words of
# its own ("who said caffeine causes twitching?") keeps them, whatever was asked before.
FASCICULATIONS = [{"role": "user", "content": "Are fasciculations common in healthy people?"},
                  {"role": "assistant", "content": "“Fasciculations occur commonly in otherwise normal muscle in many "
                   "healthy subjects (although mostly recognized by medical students, anxious about ALS).” [1]"}]


@pytest.mark.parametrize("question", ["Who said that?", "who said it?", "Who is quoted saying that?"])
def test_who_said_that_after_a_quote_is_answered_with_its_byline(bot, question):
    answer = bot.ask(question, history=FASCICULATIONS).answer
    assert answer.startswith("Dr. Jun Kimura, Father of") and "mostly recognized by medical students" in answer


def test_who_said_with_its_own_words_after_a_quote_keeps_them(bot):
    answer = bot.ask("Who said caffeine causes twitching?", history=FASCICULATIONS).answer
    assert "Kimura" not in answer.split("[1]")[0]


def test_who_is_kimura_brings_what_he_said(bot):
    answer = bot.ask("Who is Jun Kimura that the Martinos article quotes, and what's his point?")
    assert "Father of Electrodiagnostic Neurology" in answer.answer
    assert "otherwise normal muscle" in answer.answer


@pytest.mark.parametrize("question", [
    "why do my muscles twitch?",
    "the physio who wrote that twitching blog - how long do his own twitches last",
    "In Part 1 of the Martinos series, what combination does he say means you should get immediate medical attention?",
])
def test_other_questions_quote_no_source_line(bot, question):
    """No byline, signature, signpost or reference is quoted (the label over the writer's own words may name him)."""
    answer = bot.ask(question)
    quoted = " ".join(c.text for c in answer.citations)
    assert not any(s in quoted for s in ("Kyle J. Martinos PT", "-Dr. Jun Kimura", "In a subsequent blog", "Continuum"))


def test_a_song_writer_is_no_article_writer(bot):
    assert bot.ask("who wrote the song Muscle Museum and what album is it on").refused


def test_a_question_about_no_source_makes_no_source_lines(bot, monkeypatch):
    """Most questions ask about no source: the library's source lines (a read of every sentence that is no claim,
    and at 1,000 articles a scan per table: a cold `ask` 4.8 s, cold28) are made only for one that does."""
    import bot.sources as sources

    def made(index):
        raise AssertionError("source lines made for a question about no source")

    monkeypatch.setattr(sources, "source_lines", made)
    assert sources.found_source(bot.claims, "Can drinking a lot of coffee make my muscles twitch?") == (None, None, False)
    with pytest.raises(AssertionError, match="source lines made"):
        sources.found_source(bot.claims, "Where did the lab reference ranges in that table come from?")


def test_table_notes_are_those_a_scan_of_every_sentence_finds(bot):
    """A table's note is looked for among its article's sentences (sentences_by_doc), not every sentence: the same
    note as the scan of every sentence that took 120 s under cProfile at 1,000 articles, and the same rows before it."""
    from bot.sources import find_lines, sentences_by_doc

    library = bot.library
    said = library.sentences
    notes = {}
    for pid, indices in library.sentences_of.items():
        if library.passages[pid].kind != "table":
            continue
        last = said[indices[-1]]
        later = [i for i, s in enumerate(said) if s.doc_id == last.doc_id and s.start >= last.end]
        after = min(later, key=lambda i: said[i].start, default=None)
        if after is not None and not said[after].readable.endswith(":"):
            notes.setdefault(last.doc_id, []).append(after)
    assert notes  # the real articles' lab-values table has its note
    assert {doc: [c.sentences[0] for c in claims] for doc, claims in find_lines(bot.claims).table.items()} == notes
    of_doc = sentences_by_doc(library)
    assert sorted(i for indices in of_doc.values() for i in indices) == list(range(len(said)))
    for doc, indices in of_doc.items():
        assert indices == [i for i, s in enumerate(said) if s.doc_id == doc]
