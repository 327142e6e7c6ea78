"""The conversation as the page keeps it: shown answers -> the bot's history and the chat's messages, and an
answer asked for while a model writes it (--llm)."""
from __future__ import annotations

import queue
import threading

from bot.request import recent
from ui import render


def history_of(turns: list[dict]) -> list[dict]:
    """The conversation so far, as the bot takes it, from the answers shown (its recent turns: see bot.request)."""
    out = []
    for answer in turns:
        out += [{"role": "user", "content": answer["question"]}, {"role": "assistant", "content": answer["answer"]}]
    return recent(out)


def chat_messages(turns: list[dict], cards=None) -> list[dict]:
    """Chatbot messages (escaped HTML) for every turn; `cards(answer, turn)` gives each answer's source cards
    to show under it (the latest answer's open, earlier ones folded)."""
    out = []
    for turn, answer in enumerate(turns):
        earlier = [t["question"] for t in turns[:turn]]
        under = cards(answer, turn) if cards else []
        out += [{"role": "user", "content": render.user_message(answer["question"])},
                {"role": "assistant", "content": render.answer_message(answer, turn, earlier, under,
                                                                         cards_open=turn == len(turns) - 1)}]
    return out


def asked(bot, question: str, history: list[dict]):
    """The answer dict; with a model writing (--llm), first its checked sentences so far as they come (str)."""
    if getattr(bot, "writer", None) is None:
        yield bot.ask(question, history).to_dict()
        return
    updates: queue.Queue = queue.Queue()

    def work():
        try:
            updates.put(bot.ask(question, history, on_text=updates.put).to_dict())
        except BaseException as exc:  # handed to the page's thread, which reports it
            updates.put(exc)

    threading.Thread(target=work, daemon=True, name="twitchqa-writing").start()
    while True:
        update = updates.get()
        if isinstance(update, BaseException):
            raise update
        yield update
        if isinstance(update, dict):
            return


def writing_message(text: str) -> str:
    """A written answer while the model writes: only sentences already checked against their sources."""
    return (f'<div class="twqa-msg"><div class="twqa-written">A model is writing; each sentence shows once it is '
            f'checked against its source…</div><div class="twqa-answer">{render.esc(text)}</div></div>')
