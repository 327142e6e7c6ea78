"""The web UI: a thin gradio adapter over one shared `Bot` (chat, sources, article viewer, library, evals, API).

`build_app(bot)` returns the Blocks; `launch(bot, settings)` serves it on settings.host:settings.port.
"""
from __future__ import annotations

import os

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported: no telemetry, no version check

import functools  # noqa: E402
import json  # noqa: E402
import queue  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

import gradio as gr  # noqa: E402

from ingest.errors import TwitchqaError  # noqa: E402
from ingest.settings import MAX_QUESTION_CHARS  # noqa: E402
from ui import render, takeaway  # noqa: E402
from ui.evals_view import HEADERS as EVAL_HEADERS, phone_list, plain_rows  # noqa: E402
from bot.request import check_request, recent  # noqa: E402

EXAMPLES = [
    "Why do my muscles twitch?",
    "What is a normal potassium level?",
    "Can drinking a lot of coffee make my muscles twitch?",
    "When should I worry about muscle twitching?",
]
QUEUE_SIZE = 32  # waiting requests beyond this get "busy, try again" at once instead of a hang
WORKERS = 2  # one answer per core

# Clicks on source cards (and on [n] chips in the chat, via one document-level listener) send the
# "turn-n" of the citation to Python through this component's click event.
SOURCES_JS = """
window.__twqaOpenCite = (cite) => trigger('click', {cite: cite});
if (!window.__twqaCiteClicks) {
  window.__twqaCiteClicks = true;
  // a click inside a card's "Details" only opens the details; a card, its title or an [n] opens the article
  const pick = (e) => (e.target && e.target.closest && !e.target.closest('.twqa-details'))
    ? e.target.closest('[data-cite], a[href^="#cite-"], [id^="twqa-chatcard-"]') : null;
  // the cite ("turn-n") an element names: data-cite (side panel), a "#cite-" link or a chat card's id
  const citeOf = (el) => el.dataset.cite || (el.getAttribute('href') || '').slice(6)
    || el.id.replace('twqa-chatcard-', '');
  document.addEventListener('click', (e) => {
    const back = e.target.closest && e.target.closest('[data-back]');
    if (back) { e.preventDefault(); window.__twqaBack(back.dataset.back); return; }
    const copy = e.target.closest && e.target.closest('.twqa-copy');
    if (copy) { e.preventDefault(); window.__twqaCopy(copy); return; }
    const el = pick(e);
    if (!el) return;
    e.preventDefault(); e.stopPropagation();
    window.__twqaOpenCite(citeOf(el));
  }, true);
  document.addEventListener('keydown', (e) => {
    const el = pick(e);
    if (el && el.tagName !== 'BUTTON' && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault(); window.__twqaOpenCite(citeOf(el));
    }
  });
  // "Back to the answer": focus the [n] chip that opened the article (else its source card) again
  window.__twqaBack = (cite) => {
    // (the chat's sanitizer drops data-* attributes from chips: they are found by their href)
    const target = document.querySelector(`#twqa-chat a[href="#cite-${cite}"]`)
      || document.querySelector(`#twqa-card-${cite} button`) || document.querySelector('#twqa-question textarea');
    if (target) { target.scrollIntoView({block: 'center'}); target.focus({preventScroll: true}); }
  };
  window.__twqaCopy = (button) => {
    const text = document.querySelector('#twqa-sources .twqa-copy-text');
    const said = document.querySelector('#twqa-sources .twqa-copy-said');
    if (!text) return;
    const done = (ok) => { if (said) said.textContent = ok ? 'Copied: paste it into a message or a note.'
                                                         : 'Copy failed: select the text below and copy it.'; };
    const fallback = () => { text.hidden = false; text.select(); let ok = false;
                             try { ok = document.execCommand('copy'); } catch (err) {} done(ok); };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text.value).then(() => done(true), fallback);
    else fallback();
  };
}
"""
LIBRARY_JS = """
// each article's title is a button (Enter and Space click it); a click anywhere on its entry opens it too
element.addEventListener('click', (e) => {
  const row = e.target.closest('[data-doc]');
  if (row) { e.preventDefault(); trigger('click', {doc: row.dataset.doc}); }
});
"""
# After an answer: bring the new message's top (its notices) into view, not its end; on a phone the
# red banner sat 102 px above the screen while the chat showed the answer's last line. The chat box
# scrolls first; the page moves only when the message's top is still out of sight.
SHOW_NEW_ANSWER_JS = """
() => setTimeout(() => {
  // a refused question (empty, too long) added no message: its error line, right under the box, comes into view
  const error = document.querySelector('#twqa-status .twqa-status-error');
  if (error) { error.scrollIntoView({block: 'nearest'}); return; }
  const all = document.querySelectorAll('#twqa-chat .twqa-msg'), last = all[all.length - 1];
  if (!last) return;
  let box = last.parentElement;
  while (box && box !== document.body) {
    const overflow = getComputedStyle(box).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && box.scrollHeight > box.clientHeight) break;
    box = box.parentElement;
  }
  if (box && box !== document.body) {
    box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
  }
  const top = last.getBoundingClientRect().top;
  if (top < 0 || top > window.innerHeight * 0.6) last.scrollIntoView({block: 'start'});
}, 80)
"""
VIEWER_JS = """
watch('value', () => {
  const box = element.closest('#twqa-viewer, #twqa-library-viewer') || element;
  const mark = element.querySelector('mark');
  // scroll the viewer box so the mark sits a third of the way down it; move the page only if the mark is off screen
  box.scrollTop = mark ? Math.max(0, mark.getBoundingClientRect().top - box.getBoundingClientRect().top
                                      + box.scrollTop - box.clientHeight / 3) : 0;
  // (on a phone the viewer is below the chat: 'nearest' left the mark on the screen's last line)
  if (mark) { const r = mark.getBoundingClientRect();
              if (r.top < 0 || r.bottom > window.innerHeight) mark.scrollIntoView({block: 'center'}); }
  // an article opened from the Library on a phone: its viewer is under the list, so bring its top up
  else if (element.querySelector('.twqa-article')) { const r = box.getBoundingClientRect();
              if (r.top < 0 || r.top > window.innerHeight * 0.5) box.scrollIntoView({block: 'start'}); }
  // keyboard users land in the article: Tab reaches "Back to the answer" first (no scroll: the mark stays put)
  const first = element.querySelector('.twqa-back, .twqa-article-title');
  if (first) first.focus({preventScroll: true});
});
"""
# A counter under the box from 80% of the limit on, so a long question is trimmed before it is sent.
COUNTER_JS = """
// The box is looked up each time (it may be drawn after this element) and read on every input anywhere.
const limit = %d, show = Math.floor(limit * 0.8);
const update = () => {
  const box = document.querySelector('#twqa-question textarea'), out = element.querySelector('.twqa-counter');
  const n = box ? box.value.length : 0;
  out.textContent = n >= show ? `${n} / ${limit} characters` + (n > limit ? ': too long, shorten it' : '') : '';
  out.className = 'twqa-counter' + (n > limit ? ' twqa-over' : '');
};
document.addEventListener('input', update, true);
setInterval(update, 500);  // the box is also cleared from Python after an answer
""" % MAX_QUESTION_CHARS


class TwitchqaBlocks(gr.Blocks):
    """Blocks whose launch() brings the app's CSS and safe defaults, however it is launched."""

    def launch(self, *args, **kwargs):
        # gradio 6.27.0 before 6.32.0 (CVE-2026-134825): with SSR on, a forged Host header reaches the run
        # history routes. Both off, whatever GRADIO_SSR_MODE / GRADIO_RUN_HISTORY or a caller says; the
        # page needs neither. Drop this when gradio 6.32.0 or later is installed.
        kwargs["ssr_mode"] = False
        kwargs["run_history"] = False
        kwargs.setdefault("css", render.CSS)
        # Blue, and the primary buttons a shade darker than the default: white on gradio's orange (2.8:1) and
        # on blue-500 (3.7:1) fail WCAG AA's 4.5:1 (axe-core); blue-700 gives 6.7:1.
        kwargs.setdefault("theme", gr.themes.Default(primary_hue="blue").set(
            button_primary_background_fill="*primary_700", button_primary_background_fill_hover="*primary_800",
            button_primary_text_color="white"))
        kwargs.setdefault("share", False)
        kwargs.setdefault("max_file_size", "5mb")  # uploads are small question files
        kwargs.setdefault("footer_links", ["api", "settings"])
        return super().launch(*args, **kwargs)


def parse_history(history) -> list | None:
    """history as sent to the API: a list, or a list as a JSON string (Bot.ask checks its shape)."""
    if history is None or history == "":
        return None
    if isinstance(history, str):
        try:
            return json.loads(history)
        except ValueError as exc:
            raise gr.Error(f"history is not valid JSON ({exc})") from None
    return history


def event_value(evt: gr.EventData, key: str):
    """A value the page's JS sent with trigger(event, {key: value}), or None."""
    try:
        return getattr(evt, key)
    except (AttributeError, TypeError):  # not sent (TypeError: the event carried no data at all)
        return None


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


def corpus_dir(bot) -> Path:
    """The folder holding the bot's article files (what the eval baseline reads)."""
    parents = [str(Path(a.path).resolve().parent) for a in bot.articles().values()]
    return Path(os.path.commonpath(parents)) if parents else Path("corpus")


def build_app(bot, eval_dir: Path | None = None, queue_size: int = QUEUE_SIZE, home: Path | None = None) -> gr.Blocks:
    """The whole UI over one shared, already-opened Bot; eval reports go to eval_dir (default: a temp dir),
    "this answer is wrong" feedback to home/feedback.jsonl (default: eval_dir's parent, else a temp dir)."""
    home = Path(home) if home else (Path(eval_dir).parent if eval_dir else Path(tempfile.mkdtemp(prefix="twitchqa-")))
    # The Library tab's list as the page is built; the handlers ask the bot each time, so a viewer shows
    # the text of the index the bot answers from after it switches to a new one (bot.follow).
    articles = bot.articles()  # doc_id -> Article
    counts = bot.passage_counts()  # doc_id -> passages indexed

    def cards_for(answer: dict, turn: int, in_chat: bool = False) -> list[str]:
        """The answer's source cards: for the side panel, or (in_chat) to go under the answer in the chat."""
        cards = []
        articles, spans = bot.articles(), bot.passage_spans()  # now: the bot may have switched to a new index
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

    # Every answer redraws the whole chat, each earlier answer with its cards: 72 ms for 10 turns at load 12,
    # growing with the conversation. A turn's cards are the same each time (keyed by what its citations say).
    @functools.lru_cache(maxsize=256)
    def cached_chat_cards(turn: int, citations: str) -> tuple[str, ...]:
        return tuple(cards_for({"citations": json.loads(citations)}, turn, in_chat=True))

    def chat_cards(answer: dict, turn: int) -> list[str]:
        return list(cached_chat_cards(turn, json.dumps(answer["citations"], sort_keys=True)))

    def sources_for(answer: dict | None, turn: int) -> str:
        if answer is None:
            return render.sources_panel([], None)
        cards = cards_for(answer, turn)
        articles = bot.articles()
        metas = {c["doc_id"]: (articles[c["doc_id"]].meta or {}) for c in answer["citations"]
                 if c["doc_id"] in articles}
        return render.sources_panel(cards, answer, takeaway.answer_markdown(answer, metas))

    def respond(question, turns):
        try:
            history = history_of(turns)
            check_request(question or "", history)
            answer = None
            for answer in asked(bot, question or "", history):  # QuestionError: empty or too long
                if isinstance(answer, str):  # a model is writing (--llm): its checked sentences so far
                    partial = {"role": "assistant", "content": writing_message(answer)}
                    yield (chat_messages(turns, chat_cards) + [{"role": "user", "content": render.user_message(question)}, partial],
                           turns, gr.update(), gr.update(), "", gr.update())
        except TwitchqaError as exc:
            yield gr.update(), turns, gr.update(), gr.update(), render.status_line(str(exc)), gr.update()
            return
        turns = turns + [answer]
        yield (chat_messages(turns, chat_cards), turns, sources_for(answer, len(turns) - 1), render.empty_viewer(), "", "")

    def clear():
        return [], [], sources_for(None, 0), render.empty_viewer(), "", ""

    def open_citation(turns, evt: gr.EventData):
        cite = str(event_value(evt, "cite") or "")  # "turn-n", sent by SOURCES_JS
        try:
            turn, n = (int(x) for x in cite.split("-"))
            citation = next(c for c in turns[turn]["citations"] if c["n"] == n)
            article = bot.articles()[citation["doc_id"]]
        except (ValueError, IndexError, StopIteration, KeyError):
            return gr.update()
        return render.article_view(article, bot.passage_counts().get(article.id), (citation["start"], citation["end"]),
                                   citation["n"], token=uuid.uuid4().hex, score=citation["score"], cite=cite)

    def open_article(evt: gr.EventData):
        doc = event_value(evt, "doc")  # sent by LIBRARY_JS
        articles = bot.articles()
        if doc not in articles:
            return gr.update()
        return render.article_view(articles[doc], bot.passage_counts().get(doc), token=uuid.uuid4().hex)

    def report_wrong(comment, turns):
        if not turns:
            return render.status_line("Ask a question first: the feedback is about the latest answer.")
        item = takeaway.feedback_item(turns[-1], history_of(turns[:-1]), comment or "")
        try:
            path = takeaway.append_feedback(home, item)
        except OSError as exc:
            return render.status_line(f"could not save the feedback to {home}: {exc.strerror or exc}")
        return render.status_line(f"Thank you: saved to {path} as {item['id']}. Fill in what was expected there "
                                  "and `twitchqa eval --questions` checks it from now on.", "info")

    def ask(question: str, history: list | str | None = None) -> dict:
        """Answer a question about muscle twitching from the articles; returns the JSON answer contract."""
        question = "" if question is None else question
        try:
            history = parse_history(history)
            check_request(question, history)  # a lone surrogate would crash the tokenizer; a huge history, hog a worker
            return bot.ask(question, history).to_dict()
        except TwitchqaError as exc:
            raise gr.Error(str(exc)) from None

    def uploaded(path):
        name = Path(path).name if path else ""
        return path, render.status_line(f"Questions: {name} (uploaded). Press Run evals." if name else "", "info")

    def run_evals(upload, progress=gr.Progress(track_tqdm=True)):
        failed = ("", *[gr.update(value=None, visible=False)] * 2, *[gr.update(visible=False)] * 4)
        try:
            from evals.run import DEFAULT_QUESTIONS, run_eval
        except ImportError as exc:
            return (render.status_line(f"evals are not available in this install ({exc})"), *failed)
        questions = Path(upload) if upload else DEFAULT_QUESTIONS
        out = Path(eval_dir) if eval_dir else Path(tempfile.mkdtemp(prefix="twitchqa-eval-"))
        progress(0, desc=f"loading {questions.name}")
        try:
            report = run_eval(bot, questions, out, progress=True, corpus=corpus_dir(bot))
        except TwitchqaError as exc:
            return (render.status_line(str(exc)), *failed)
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

    private = {"api_visibility": "private"}  # UI events: only /ask is an API endpoint
    with TwitchqaBlocks(title="twitchqa — muscle twitching, answered from the articles",
                        analytics_enabled=False) as demo:
        gr.Markdown("## twitchqa\nAnswers about muscle twitching, quoted from a small set of articles, "
                    "each sentence cited. Not medical advice.")
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                turns = gr.State([])  # answer-contract dicts, one per turn
                # On a phone the two columns dissolve into one ordered list (CSS): conversation, box, errors,
                # sources of the latest answer, article, then the examples.
                with gr.Row(equal_height=False, elem_id="twqa-chat-row"):
                    with gr.Column(scale=3, min_width=360, elem_id="twqa-left"):
                        chatbot = gr.Chatbot(label="Conversation", height=520, elem_id="twqa-chat", autoscroll=False,
                                             feedback_options=None, latex_delimiters=[], buttons=[], show_label=False,
                                             placeholder="Ask about muscle twitching: causes, electrolytes, "
                                                         "when to see a doctor.")
                        with gr.Row(elem_id="twqa-ask-row"):
                            question = gr.Textbox(placeholder=f"Ask a question (up to {MAX_QUESTION_CHARS} characters)",
                                                  label="Your question", show_label=False, scale=5,
                                                  elem_id="twqa-question", autofocus=True,
                                                  max_lines=5)  # a long paste scrolls inside: the error stays by the box
                            send = gr.Button("Ask", variant="primary", scale=1, min_width=70, elem_id="twqa-send")
                            clear_btn = gr.Button("Clear", scale=1, min_width=70, elem_id="twqa-clear")
                        status = gr.HTML("", elem_id="twqa-status", js_on_load=None)
                        gr.HTML('<div class="twqa-counter" aria-live="polite"></div>', elem_id="twqa-counter",
                                js_on_load=COUNTER_JS)
                        examples = gr.Dataset(components=[question], samples=[[q] for q in EXAMPLES],
                                              label="Example questions", elem_id="twqa-examples")
                    with gr.Column(scale=2, min_width=320, elem_id="twqa-right"):
                        sources = gr.HTML(sources_for(None, 0), elem_id="twqa-sources", js_on_load=SOURCES_JS)
                        with gr.Accordion("This answer is wrong?", open=False, elem_id="twqa-wrong"):
                            comment = gr.Textbox(label="What is wrong with it (optional)", lines=2,
                                                 max_length=takeaway.MAX_COMMENT_CHARS, elem_id="twqa-comment")
                            wrong_btn = gr.Button("Report this answer as wrong", elem_id="twqa-report-wrong")
                            wrong_status = gr.HTML("", elem_id="twqa-wrong-status")
                        viewer = gr.HTML(render.empty_viewer(), elem_id="twqa-viewer", js_on_load=VIEWER_JS)
            with gr.Tab("Library", id="library"):
                gr.Markdown(f"{len(articles)} articles, {sum(counts.values())} passages indexed. "
                            "Choose an article to read it.")
                with gr.Row(equal_height=False):
                    with gr.Column(scale=1, min_width=300):
                        shelved = sorted(articles.values(), key=lambda a: a.title.lower())
                        shelf = gr.HTML(render.library_list(shelved, counts), elem_id="twqa-library",
                                        js_on_load=LIBRARY_JS)
                    with gr.Column(scale=1, min_width=300):
                        lib_viewer = gr.HTML(render.empty_viewer("Choose an article to read it here."),
                                             elem_id="twqa-library-viewer", js_on_load=VIEWER_JS)
            with gr.Tab("Evals", id="evals"):
                gr.Markdown("**How good are the answers?** This runs a set of questions with known answers "
                            "through the bot and through a simple keyword search (the baseline), and checks "
                            "each answer: the right articles found, the expected facts quoted, the citations "
                            "exact, questions off the topic declined, emergencies flagged. By default it uses "
                            "the project's 170 questions (`evals/questions.jsonl`); you can upload your own "
                            "file instead (one JSON question per line, as in that file, or the "
                            "`feedback.jsonl` of reported answers once you fill in what was expected). "
                            "It takes a minute or two.")
                questions_file = gr.State(None)  # the uploaded question file's path, else the gold set
                with gr.Row():
                    upload = gr.UploadButton("Upload your question file (JSONL, optional)", file_types=[".jsonl"],
                                             type="filepath", scale=3, elem_id="twqa-eval-upload")
                    run_btn = gr.Button("Run evals", variant="primary", scale=1, elem_id="twqa-run-evals")
                upload_status = gr.HTML("", elem_id="twqa-eval-file")
                eval_status = gr.Markdown(elem_id="twqa-eval-status")
                eval_list = gr.HTML("", elem_id="twqa-eval-list")  # the tables as lists, shown on a phone only
                summary = gr.Dataframe(headers=EVAL_HEADERS, label="Each measure, problems first "
                                       "(limit: the gate fails past it; target: where we want to be)",
                                       interactive=False, wrap=True, elem_id="twqa-eval-summary", visible=False,
                                       column_widths=["34%", "16%", "8%", "9%", "11%", "11%", "11%"])
                items = gr.Dataframe(headers=["id", "category", "ours", "baseline", "question", "missed"],
                                     label="Each question, failures first", interactive=False, wrap=True,
                                     max_height=600, elem_id="twqa-eval-items", visible=False,
                                     column_widths=["15%", "10%", "6%", "7%", "32%", "30%"])
                with gr.Row():
                    chart_images = [gr.Image(label=label, type="pil", interactive=False, visible=False,
                                             buttons=["download", "fullscreen"])
                                    for label in ("Measures, ours against the baseline", "Time per answer",
                                                  "Results by kind of question")]
                report_files = gr.File(label="Download the report (Markdown and JSON)", file_count="multiple",
                                       interactive=False, visible=False, elem_id="twqa-eval-download")

        chat_outputs = [chatbot, turns, sources, viewer, status, question]
        gr.on([question.submit, send.click], respond, [question, turns], chat_outputs, **private).then(
            None, js=SHOW_NEW_ANSWER_JS, **private)
        gr.on([clear_btn.click, chatbot.clear], clear, None, chat_outputs, queue=False, **private)
        examples.click(lambda sample: sample[0], [examples], [question], queue=False, **private).then(
            respond, [question, turns], chat_outputs, **private).then(None, js=SHOW_NEW_ANSWER_JS, **private)
        sources.click(open_citation, [turns], [viewer], **private)
        shelf.click(open_article, None, [lib_viewer], **private)
        wrong_btn.click(report_wrong, [comment, turns], [wrong_status], **private)
        upload.upload(uploaded, [upload], [questions_file, upload_status], **private)
        run_btn.click(run_evals, [questions_file], [eval_status, eval_list, summary, items, *chart_images,
                                                    report_files],
                      concurrency_limit=1, concurrency_id="evals", show_progress_on=[eval_status, summary], **private)
        gr.api(ask, api_name="ask")
    demo.queue(default_concurrency_limit=WORKERS, max_size=queue_size)
    return demo


def launch(bot, settings) -> None:
    """Serve the UI on settings.host:settings.port (local only by default) until interrupted."""
    demo = build_app(bot, eval_dir=Path(settings.home) / "eval", home=Path(settings.home))
    _, local_url, _ = demo.launch(server_name=settings.host, server_port=settings.port, share=False,
                                  prevent_thread_lock=True, quiet=True)
    print(f"twitchqa: web UI at {local_url} (Ctrl-C to stop)", flush=True)
    demo.block_thread()
