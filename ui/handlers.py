"""What the page does when it is used: ask and answer, open a cited passage or an article, report a wrong
answer, run the evals. Each handler asks the shared Bot at the time of the event, so after the bot switches
to a new index (bot.follow) the page shows the text of the index it answers from."""
from __future__ import annotations

import functools
import json
import os
import tempfile
import uuid
from pathlib import Path

from bot.request import check_request
from ingest.errors import TwitchqaError
from ui import render, takeaway
from ui.conversation import asked, chat_messages, history_of, writing_message
from ui.evals_view import phone_list, plain_rows
from ui.quiet_gradio import gr


def event_value(evt: gr.EventData, key: str):
    """A value the page's JS sent with trigger(event, {key: value}), or None."""
    try:
        return getattr(evt, key)
    except (AttributeError, TypeError):  # not sent (TypeError: the event carried no data at all)
        return None


def corpus_dir(bot) -> Path:
    """The folder holding the bot's article files (what the eval baseline reads)."""
    parents = [str(Path(a.path).resolve().parent) for a in bot.articles().values()]
    return Path(os.path.commonpath(parents)) if parents else Path("corpus")


def well_formed(answer) -> bool:
    """An answer-contract dict with the fields the page shows, of their types (what a kept answer must be)."""
    def citation_ok(c):
        return (isinstance(c, dict) and isinstance(c.get("n"), int) and isinstance(c.get("doc_id"), str)
                and isinstance(c.get("start"), int) and isinstance(c.get("end"), int)
                and isinstance(c.get("text"), str) and isinstance(c.get("score"), (int, float)))
    return (isinstance(answer, dict) and isinstance(answer.get("question"), str)
            and isinstance(answer.get("answer"), str) and isinstance(answer.get("refused"), bool)
            and isinstance(answer.get("citations"), list) and all(map(citation_ok, answer["citations"]))
            and isinstance(answer.get("notices"), list)
            and all(isinstance(n, dict) and isinstance(n.get("kind"), str) and isinstance(n.get("text"), str)
                    for n in answer["notices"]))


def quotes_hold(answer: dict, articles: dict) -> bool:
    """Every quote of the answer is its article's text at its offsets, in the articles served now."""
    return all(c["doc_id"] in articles and 0 <= c["start"] <= c["end"]
               and articles[c["doc_id"]].text[c["start"]:c["end"]] == c["text"] for c in answer["citations"])


class PageHandlers:
    """The page's event handlers over one shared, already-opened Bot; eval reports go to eval_dir (None: a
    temp dir each run), "this answer is wrong" feedback to home/feedback.jsonl."""

    def __init__(self, bot, eval_dir: Path | None, home: Path):
        self.bot, self.eval_dir, self.home = bot, eval_dir, home
        # Every answer redraws the whole chat, each earlier answer with its cards: 72 ms for 10 turns at load 12,
        # growing with the conversation. A turn's cards are the same each time (keyed by what its citations say).
        self.cached_chat_cards = functools.lru_cache(maxsize=256)(self.chat_cards_of)

    def cards_for(self, answer: dict, turn: int, in_chat: bool = False) -> list[str]:
        """The answer's source cards: for the side panel, or (in_chat) to go under the answer in the chat."""
        cards = []
        articles, spans = self.bot.articles(), self.bot.passage_spans()  # now: the bot may have switched to a new index
        for c in answer["citations"]:
            article = articles.get(c["doc_id"])
            if article is None:  # not expected: the index and the library load together
                cards.append(render.source_card(c, turn, c["text"], c["start"], {}, in_chat=in_chat))
                continue
            passage = render.containing_span(spans.get(c["doc_id"], []), c["start"], c["end"], len(article.text))
            begin, end = render.whole_lines(article.text, passage, *render.around(passage, c["start"], c["end"]))
            cards.append(render.source_card(c, turn, article.text[begin:end], begin, article.meta,
                                            cut=(begin > passage[0], end < passage[1]), markdown=article.markdown,
                                            in_chat=in_chat))
        return cards

    def chat_cards_of(self, turn: int, citations: str) -> tuple[str, ...]:
        """A turn's cards in the chat from its citations as JSON (the key of cached_chat_cards)."""
        return tuple(self.cards_for({"citations": json.loads(citations)}, turn, in_chat=True))

    def chat_cards(self, answer: dict, turn: int) -> list[str]:
        return list(self.cached_chat_cards(turn, json.dumps(answer["citations"], sort_keys=True)))

    def sources_for(self, answer: dict | None, turn: int) -> str:
        if answer is None:
            return render.sources_panel([], None)
        cards = self.cards_for(answer, turn)
        articles = self.bot.articles()
        metas = {c["doc_id"]: (articles[c["doc_id"]].meta or {}) for c in answer["citations"]
                 if c["doc_id"] in articles}
        return render.sources_panel(cards, answer, takeaway.answer_markdown(answer, metas))

    def respond(self, question, turns):
        if turns and not (question or "").strip():
            # Enter pressed again after a question (the box is empty then): "the question is empty" stood beside
            # the answer though the user had done nothing wrong (drill28). A first empty Enter still says so.
            yield gr.update(), turns, gr.update(), gr.update(), "", gr.update()
            return
        try:
            history = history_of(turns)
            check_request(question or "", history)
            answer = None
            for answer in asked(self.bot, question or "", history):  # QuestionError: empty or too long
                if isinstance(answer, str):  # a model is writing (--llm): its checked sentences so far
                    partial = {"role": "assistant", "content": writing_message(answer)}
                    yield (chat_messages(turns, self.chat_cards) + [{"role": "user", "content": render.user_message(question)}, partial],
                           turns, gr.update(), gr.update(), "", gr.update())
        except TwitchqaError as exc:
            yield gr.update(), turns, gr.update(), gr.update(), render.status_line(str(exc)), gr.update()
            return
        turns = turns + [answer]
        yield (chat_messages(turns, self.chat_cards), turns, self.sources_for(answer, len(turns) - 1),
               render.empty_viewer(), "", "")

    def restore(self, kept):
        """After a reload of the tab: the conversation the tab kept (JSON, see page_scripts.READ_KEPT_JS), with only
        the answers whose every quote is still the text of its article at its offsets (after a re-ingest an edited
        article's answers are dropped, and the page says how many); anything not an answer is dropped whole."""
        try:
            saved = json.loads(kept) if kept else []
        except (TypeError, ValueError):
            saved = None
        answers = saved if isinstance(saved, list) else []
        articles = self.bot.articles()
        turns = [a for a in answers if well_formed(a) and quotes_hold(a, articles)]
        try:
            chat = chat_messages(turns, self.chat_cards)
        except (TypeError, KeyError, AttributeError, IndexError, ValueError):  # well_formed missed a shape
            turns, chat = [], []
        dropped = len(answers) - len(turns)
        if not turns and not dropped:
            # Nothing kept (a new tab): leave the page as it is. Emptying it raced a question asked at once: when
            # this load event came back after the answer, it wiped the answer off the page and out of the tab's
            # store (test_ui_reload failed once in six runs on a busy machine).
            return gr.skip()
        status = render.status_line(f"{dropped} earlier answer(s) could not be restored: the articles changed since, "
                                    "or they were not answers; ask again.", "info") if dropped else ""
        latest = turns[-1] if turns else None
        return chat, turns, self.sources_for(latest, len(turns) - 1), render.empty_viewer(), status, gr.update()

    @staticmethod
    def kept(turns) -> str:
        """The conversation as the tab keeps it (page_scripts.WRITE_KEPT_JS): the answers, as JSON."""
        return json.dumps(turns or [], ensure_ascii=False)

    def clear(self):
        return [], [], self.sources_for(None, 0), render.empty_viewer(), "", ""

    def open_citation(self, turns, evt: gr.EventData):
        cite = str(event_value(evt, "cite") or "")  # "turn-n", sent by SOURCES_JS
        try:
            turn, n = (int(x) for x in cite.split("-"))
            citation = next(c for c in turns[turn]["citations"] if c["n"] == n)
            article = self.bot.articles()[citation["doc_id"]]
        except (ValueError, IndexError, StopIteration, KeyError):
            return gr.update()
        return render.article_view(article, self.bot.passage_counts().get(article.id), (citation["start"], citation["end"]),
                                   citation["n"], token=uuid.uuid4().hex, score=citation["score"], cite=cite)

    def open_article(self, evt: gr.EventData):
        doc = event_value(evt, "doc")  # sent by LIBRARY_JS
        articles = self.bot.articles()
        if doc not in articles:
            return gr.update()
        return render.article_view(articles[doc], self.bot.passage_counts().get(doc), token=uuid.uuid4().hex)

    def report_wrong(self, comment, turns):
        if not turns:
            return render.status_line("Ask a question first: the feedback is about the latest answer.")
        item = takeaway.feedback_item(turns[-1], history_of(turns[:-1]), comment or "")
        try:
            path = takeaway.append_feedback(self.home, item)
        except OSError as exc:
            return render.status_line(f"could not save the feedback to {self.home}: {exc.strerror or exc}")
        return render.status_line(f"Thank you: saved to {path} as {item['id']}. Fill in what was expected there "
                                  "and `twitchqa eval --questions` checks it from now on.", "info")

    def uploaded(self, path):
        name = Path(path).name if path else ""
        return path, render.status_line(f"Questions: {name} (uploaded). Press Run evals." if name else "", "info")

    def run_evals(self, upload, progress=gr.Progress(track_tqdm=True)):
        failed = ("", *[gr.update(value=None, visible=False)] * 2, *[gr.update(visible=False)] * 4)
        try:
            from evals.run import DEFAULT_QUESTIONS, run_eval
        except ImportError as exc:
            return (render.status_line(f"evals are not available in this install ({exc})"), *failed)
        questions = Path(upload) if upload else DEFAULT_QUESTIONS
        out = Path(self.eval_dir) if self.eval_dir else Path(tempfile.mkdtemp(prefix="twitchqa-eval-"))
        progress(0, desc=f"loading {questions.name}")
        try:
            report = run_eval(self.bot, questions, out, progress=True, corpus=corpus_dir(self.bot))
        except TwitchqaError as exc:  # an upload is named by its own name, not the server's temporary copy of it
            line = str(exc).replace(str(questions), questions.name) if upload else str(exc)
            return (render.status_line(line), *failed)
        except OSError as exc:  # the report can't be written (a full disk: the page said only "Error", drill28)
            from ui.cli import out_of_resources

            line = out_of_resources(exc) or f"cannot write the eval report to {out} ({exc.strerror or exc})"
            return (render.status_line(line), *failed)
        from evals.report import CHARTS, summary_rows
        from PIL import Image

        charts = []
        for name in CHARTS:
            with Image.open(out / name) as image:
                charts.append(gr.update(value=image.copy(), visible=True))
        status = render.gate_summary(report) + f"\n\nQuestions: `{questions.name}` · report written to `{out}`"
        measures, questions_rows = plain_rows(summary_rows(report)), render.item_rows(report)
        return (status, phone_list(measures, questions_rows), gr.update(value=measures, visible=True),
                gr.update(value=questions_rows, visible=True), *charts,
                gr.update(value=[str(out / "report.md"), str(out / "report.json")], visible=True))
