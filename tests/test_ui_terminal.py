"""The terminal chat (#17 item 9): the answer wrapped to the terminal, sources one line each, quotes on request."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ui import terminal

ROOT = Path(__file__).resolve().parents[1]
TWITCHQA = str(ROOT / ".venv" / "bin" / "twitchqa")


def chat(home: Path, lines: list[str], columns: int) -> str:
    env = {**os.environ, "COLUMNS": str(columns), "PYTHONPATH": str(ROOT), "OMP_WAIT_POLICY": "PASSIVE"}
    result = subprocess.run([TWITCHQA, "chat", "--home", str(home)], input="\n".join(lines + [""]) + "\n",
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_chat_turn_fits_the_terminal_and_quotes_each_passage_once(corpus_home, bot):
    question = "Why do my muscles twitch?"
    answer = bot.ask(question).to_dict()
    flat = " ".join(answer["answer"].split())
    n = next(c["n"] for c in answer["citations"] if " ".join(c["text"].split()) in flat)  # one the answer quotes
    out = chat(corpus_home, [question, f":quote {n}", "/quote 99"], columns=60)
    # (the prompt "you> " shares a line with the output only because stdin is a pipe: the typed line isn't echoed)
    assert max(len(line.removeprefix("you> ")) for line in out.splitlines()) <= 60
    words = set(" ".join(line for line in out.splitlines()).split())
    assert all(word in words for word in answer["answer"].split())  # wrapped, never broken inside a word
    turn = out.split("you> ")[1]
    quote = " ".join(answer["citations"][n - 1]["text"].split())
    assert " ".join(turn.split()).count(quote) == 1  # in the answer only, not again under Sources
    sources = turn[turn.index("Sources:"):turn.index("Educational information")].strip().splitlines()[1:]
    assert len(answer["citations"]) <= len(sources) <= 2 * len(answer["citations"])  # a line each, two if wrapped
    from ui.cli_ask import render

    assert len(turn.split()) < len(render(answer).split()) * 0.75  # `ask` prints every quote twice
    for c in answer["citations"]:
        assert f"[{c['n']}] {c['title'].split()[0]}" in turn
    quoted = " ".join(out.split("you> ")[2].split())
    assert f"“{quote}”" in quoted and answer["citations"][n - 1]["source"] in quoted  # the full quote on request
    assert "There is no source [99]" in out.split("you> ")[3]


def test_ask_keeps_its_full_output_with_quotes_under_sources(bot):
    from ui.cli_ask import render

    answer = bot.ask("What is a normal potassium level?").to_dict()
    text = render(answer)
    assert "Sources:" in text and f"    “{' '.join(answer['citations'][0]['text'].split())}”" in text


def test_commands_and_follow_ups_in_the_chat_format():
    answer = {"question": "What level defines it?", "search_query": "Low potassium? What level defines it?",
              "answer": "Below 3.6 mmol/L. [1]", "refused": False, "notices": [],
              "citations": [{"n": 1, "doc_id": "a", "title": "T", "source": "corpus/a.md", "start": 4, "end": 20,
                             "text": "Below 3.6 mmol/L", "score": 0.7}]}
    texts = {"a": "x\ny\nBelow 3.6 mmol/L"}
    out = terminal.turn(answer, ["Low potassium?"], texts, 80)
    assert out.splitlines()[0] == "(read as a follow-up to: “Low potassium?”)"
    assert "[1] T, line\u00a03" in out and "“Below" not in out
    assert terminal.command(":q 1", answer, texts, 80).endswith("    “Below 3.6 mmol/L”")
    assert terminal.command(":sources", None, texts, 80) == "No sources yet: ask a question first."
    refused = {**answer, "refused": True, "citations": []}  # drill42: "No sources yet" after a refusal
    assert terminal.command(":sources", refused, texts, 80) == "The last answer quotes no sources."
    assert terminal.command("what about :quote", answer, texts, 80) is None
