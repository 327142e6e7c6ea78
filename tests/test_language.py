"""A question in a Latin-script language other than English gets bot.request's "not in English" line (drill36).

Before, "¿Es normal que me tiemble el párpado?" was read as an English question with unknown words: answered from
"normal" alone, or refused as not covered, naming the words ("Warum zuckt mein Augenlid?"). bot.language decides it
from wordfreq's word frequencies per language; the answer keeps the notices triage gives (an emergency's).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.language import other_language
from bot.request import NOT_ENGLISH_ANSWER

EVALS = Path(__file__).resolve().parents[1] / "evals"
LINE = NOT_ENGLISH_ANSWER

# Must be read as another language: the brief's two, a question in each of the six languages the eval sets' foreign
# messages and users write, a worried parent, a long story, and two more Latin-script languages wordfreq lists.
OTHER = [
    "¿Es normal que me tiemble el párpado?",
    "Warum zuckt mein Augenlid?",
    "¿Por qué me tiemblan los músculos?",
    "Pourquoi ma paupière tremble-t-elle ?",
    "Por que meus músculos tremem?",
    "Perché mi trema la palpebra?",
    "Waarom trilt mijn ooglid?",
    "Is het normaal dat mijn spieren trillen?",
    "Ist Muskelzucken gefährlich?",
    "Kann Magnesiummangel Muskelzucken verursachen?",
    "Was ist das?",
    "Mon fils de 6 ans a des tics aux yeux, est-ce grave ?",
    "Meine Tochter hat seit zwei Wochen Zuckungen im Bein, ist das normal?",
    "Mi hijo de 8 años tiene espasmos en la pierna desde hace una semana, ¿debo preocuparme?",
    "Il mio occhio continua a tremare da giorni, cosa devo fare?",
    "Meu filho tem tremores no olho, é grave?",
    "Czy drganie powieki jest groźne?",
    "Varför rycker mitt ögonlock?",
]
# Must be read as English: typos, slang, drug and brand names, borrowed words and phrases, acronyms that are words
# elsewhere ("ALS": German "als"), a message partly in English (the eval sets' mixed ones are of this kind), and
# messages too short to tell a language by (one word of it at most: they are read as before).
ENGLISH = [
    "Is déjà vu related to twitching?",
    "I drink a café con leche every morning, can caffeine cause eyelid twitching?",
    "I ate a jalapeño and now my lip twitches",
    "Que sera sera, my eyelid twitches anyway",
    "Après-ski my legs twitch, why?",
    "El Niño stress and twitching?",
    "My doctor said it's benign fasciculation syndrome, je ne sais quoi",
    "I had chilaquiles and tacos al pastor last night and my calf twitched all morning",
    "can low potasium cause twiching after a long run?",
    "my eye be twitchin fr, is that bad lol",
    "gabapentin and twitching, any link?",
    "Does Lyrica help with fasciculations?",
    "Ozempic twitching?",
    "Does magnesium glycinate help?",
    "is ALS common?",
    "twitching = ALS?",
    "Is it ALS or MS?",
    "Die Hard made me jump, twitching since",
    "wat is isaacs syndrome",
    "Who said that?",
    "per the article, does caffeine cause twitching?",
    "mi mamá tiene diabetes, la diabetes puede causar los temblores musculares? (does diabetes cause twitching)",
    "Quel est le taux normal de calcium? (sorry, in english: what is the normal calcium range in the table)",
    "Ich kann plötzlich nicht mehr richtig atmen and my chest muscles twitch, help please its very bad",
    "Magnesio?",
    "Muskelzucken?",
    "¿Es normal?",
]


@pytest.mark.parametrize("text", OTHER)
def test_a_message_in_another_latin_script_language_is_not_english(text):
    assert other_language(text)


@pytest.mark.parametrize("text", ENGLISH)
def test_an_english_message_is_english(text):
    assert other_language(text) is None


# The eval sets' messages written wholly in another language (checked by program over every set; each an emergency
# expecting the urgent notice, which the answer keeps). Every other message in them is read as English.
WHOLLY_OTHER = {
    ("training-f.jsonl", "Ich habe plötzlich keine Kraft im rechten Arm und spreche undeutlich."),
    ("training-p.jsonl", "Mon père vient de s'effondrer, il ne répond plus et ses lèvres sont bleues."),
    ("training-p.jsonl", "Minha esposa de repente não consegue falar direito e o lado direito do rosto caiu."),
    ("batch-e.jsonl", "mi madre de repente no puede hablar bien y la boca esta torcida, tiene espasmos en la mano,"),
    ("batch-o.jsonl", "Mi madre de repente no puede mover el brazo derecho y habla raro, tiene la cara caída de un"),
    ("batch-o.jsonl", "Mein Mann hatte gerade einen Krampfanfall, er zuckt am ganzen Körper und reagiert nicht."),
}


def eval_messages():
    """(file, item, message) for every question and user turn of gold, held-out, training and sealed sets."""
    files = [EVALS / "questions.jsonl", EVALS / "heldout.jsonl", *sorted(EVALS.glob("training*.jsonl")),
             *sorted((EVALS / "sealed").glob("*.jsonl"))]
    for path in files:
        for line in path.read_text(encoding="utf-8-sig").splitlines():
            if line.strip():
                item = json.loads(line)
                turns = [t.get("content") for t in item.get("history") or [] if isinstance(t, dict) and t.get("role") == "user"]
                for text in [item.get("question"), *turns]:
                    if isinstance(text, str):
                        yield path.name, item, text


def test_no_english_eval_message_is_taken_for_another_language():
    caught = [(name, item, text) for name, item, text in eval_messages() if other_language(text)]
    assert {(name, text[:len(start)]) for name, _, text in caught for n, start in WHOLLY_OTHER if n == name
            and text.startswith(start)} == WHOLLY_OTHER
    assert len(caught) == len(WHOLLY_OTHER), [text for _, _, text in caught]
    assert all(item.get("expect_notice", item["category"]) == "urgent" for _, item, _ in caught)


# --- the bot's answer (real model, real Chroma) ----------------------------------------------------------------------

@pytest.mark.parametrize("question", ["¿Es normal que me tiemble el párpado?", "Warum zuckt mein Augenlid?",
                                      "Mon fils de 6 ans a des tics aux yeux, est-ce grave ?"])
def test_the_bot_answers_another_language_with_the_line(bot, question):
    """Before: the Spanish one was answered with the phosphorus blood range (from "normal"), the other two refused
    as not covered, naming two articles that cover them. The web page labels the line "Not in English"."""
    from ui.render import answer_message

    answer = bot.ask(question)
    assert answer.refused and answer.answer == LINE and not answer.citations, answer.answer
    assert [n["kind"] for n in answer.notices] == ["disclaimer"]  # triage's own: nothing in it reads as a sign
    shown = answer_message(answer.to_dict(), 0)
    assert "Not in English</span>" in shown and "Not in the articles" not in shown


def test_an_emergency_in_another_language_keeps_its_notice(bot):
    answer = bot.ask("Mon père vient de s'effondrer, il ne répond plus et ses lèvres sont bleues. Que faire ?")
    assert answer.answer == LINE and answer.notices[0]["kind"] == "urgent"  # triage's, as before the change


def test_a_follow_up_in_another_language_gets_the_line(bot):
    first = bot.ask("Is eyelid twitching normal?")
    history = [{"role": "user", "content": "Is eyelid twitching normal?"}, {"role": "assistant", "content": first.answer}]
    assert bot.ask("¿Y por qué pasa eso?", history).answer == LINE


@pytest.mark.parametrize("question", ["Is déjà vu related to eyelid twitching?", "I ate a jalapeño and now my lip twitches"])
def test_an_english_question_with_a_borrowed_word_is_answered_as_before(bot, question):
    assert bot.ask(question).answer != LINE


def test_who_said_that_after_the_line_follows_the_english_question_before_it(bot):
    """In `twitchqa chat`: "Is eyelid twitching normal?", "¿Y por qué pasa eso?", then "Who said that?" was "read as a
    follow-up to “¿Y por qué pasa eso?”" and refused as not covered: the not-English line counted as an answered turn."""
    turns = []
    for question in ("Is eyelid twitching normal?", "¿Y por qué pasa eso?"):
        turns += [{"role": "user", "content": question}, {"role": "assistant", "content": bot.ask(question, turns).answer}]
    answer = bot.ask("Who said that?", turns)
    assert not answer.refused and "¿" not in answer.search_query, (answer.search_query, answer.answer)


# --- what a message the bot can't read is owed (issue #21's gap 2, session 19) -----------------------------------

@pytest.mark.parametrize("question", ["Моему отцу плохо, он не может говорить и не двигает рукой",
                                      "Ο πατέρας μου κατέρρευσε και δεν αναπνέει", "أبي لا يستطيع التنفس",
                                      "我爸爸突然说不出话了", "मेरे पिता बोल नहीं पा रहे हैं"])
def test_a_message_in_another_script_is_told_the_emergency_route(question):
    """Before, an emergency in Cyrillic, Greek, Arabic, Chinese or Devanagari got "ask in English" and nothing else: no
    reader can read it, so the line itself names the emergency number in general terms, as for any message it can't
    read."""
    from bot.request import check_question
    from ingest.errors import QuestionError

    with pytest.raises(QuestionError) as raised:
        check_question(question)
    said = str(raised.value)
    assert said.startswith("the question is not in English") and "call your local emergency number now" in said
    assert "\n" not in said  # one line, as the CLI prints it


def test_a_latin_script_message_in_another_language_gets_the_same_line(bot):
    answer = bot.ask("Warum zuckt mein Augenlid?")
    assert answer.answer == LINE and "call your local emergency number now" in answer.answer
    assert [n["kind"] for n in answer.notices] == ["disclaimer"]  # no `urgent` notice over a benign question
