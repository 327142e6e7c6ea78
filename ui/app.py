"""The web UI: a thin gradio adapter over one shared `Bot` (chat, sources, article viewer, library, evals, API).

`build_app(bot)` lays the page out and wires its events to the handlers (ui.handlers) and the API endpoint
(ui.api); `launch(bot, settings)` serves it on settings.host:settings.port.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from ingest.settings import MAX_QUESTION_CHARS
from ui import render, takeaway
from ui.api import ask_endpoint
from ui.evals_view import HEADERS as EVAL_HEADERS
from ui.handlers import PageHandlers
from ui.page_scripts import (COUNTER_JS, LIBRARY_JS, READ_KEPT_JS, SHOW_NEW_ANSWER_JS, SOURCES_JS, VIEWER_JS,
                             WRITE_KEPT_JS)
from ui.quiet_gradio import gr

EXAMPLES = [
    "Why do my muscles twitch?",
    "What is a normal potassium level?",
    "Can drinking a lot of coffee make my muscles twitch?",
    "When should I worry about muscle twitching?",
]
QUEUE_SIZE = 32  # waiting requests beyond this get "busy, try again" at once instead of a hang
WORKERS = 2  # one answer per core



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
        if "middleware" not in kwargs.setdefault("app_kwargs", {}):  # any other body: ui.body_limit
            from starlette.middleware import Middleware

            from ui.body_limit import BodyLimit
            from ui.stream_errors import QuietHandledStreamErrors

            kwargs["app_kwargs"]["middleware"] = [Middleware(QuietHandledStreamErrors), Middleware(BodyLimit)]
        if "exception_handlers" not in kwargs["app_kwargs"]:  # malformed JSON: one line (ui.bad_request)
            from ui.bad_request import handlers

            kwargs["app_kwargs"]["exception_handlers"] = handlers()
        kwargs.setdefault("footer_links", ["api", "settings"])
        return super().launch(*args, **kwargs)

    async def preprocess_data(self, block_fn, inputs, state, explicit_call=False):
        # The API's history is optional (the contract): a raw `{"data": [question]}` (or `{"data": []}`) is
        # padded with None, which ui.api reads as no history (or an empty question). gradio refused it before
        # the endpoint ran, with an error whose message was null.
        if block_fn.api_name == "ask" and len(inputs) < len(block_fn.inputs):
            inputs = [*inputs, *[None] * (len(block_fn.inputs) - len(inputs))]
        return await super().preprocess_data(block_fn, inputs, state, explicit_call)


def build_app(bot, eval_dir: Path | None = None, queue_size: int = QUEUE_SIZE, home: Path | None = None) -> gr.Blocks:
    """The whole UI over one shared, already-opened Bot; eval reports go to eval_dir (default: a temp dir),
    "this answer is wrong" feedback to home/feedback.jsonl (default: eval_dir's parent, else a temp dir)."""
    home = Path(home) if home else (Path(eval_dir).parent if eval_dir else Path(tempfile.mkdtemp(prefix="twitchqa-")))
    # The Library tab's list as the page is built; the handlers ask the bot each time, so a viewer shows
    # the text of the index the bot answers from after it switches to a new one (bot.follow).
    articles = bot.articles()  # doc_id -> Article
    counts = bot.passage_counts()  # doc_id -> passages indexed

    on = PageHandlers(bot, eval_dir, home)

    private = {"api_visibility": "private"}  # UI events: only /ask is an API endpoint
    with TwitchqaBlocks(title="twitchqa — muscle twitching, answered from the articles",
                        analytics_enabled=False) as demo:
        gr.Markdown("## twitchqa\nAnswers about muscle twitching, quoted from a small set of articles, "
                    "each sentence cited. Not medical advice.")
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                turns = gr.State([])  # answer-contract dicts, one per turn
                # The same answers as JSON, on their way to and from this tab's sessionStorage, so that a reload
                # (by accident, or mid-answer) keeps the conversation: it came back empty (drill26b). See
                # page_scripts.READ_KEPT_JS for what is kept where, and PageHandlers.restore for what comes back.
                kept = gr.Textbox(visible=False, elem_id="twqa-kept")
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
                            clear_btn = gr.Button("Clear chat", scale=1, min_width=70, elem_id="twqa-clear")
                        status = gr.HTML("", elem_id="twqa-status", js_on_load=None)
                        gr.HTML('<div class="twqa-counter" aria-live="polite"></div>', elem_id="twqa-counter",
                                js_on_load=COUNTER_JS)
                        examples = gr.Dataset(components=[question], samples=[[q] for q in EXAMPLES],
                                              label="Example questions", elem_id="twqa-examples")
                    with gr.Column(scale=2, min_width=320, elem_id="twqa-right"):
                        sources = gr.HTML(on.sources_for(None, 0), elem_id="twqa-sources", js_on_load=SOURCES_JS)
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

        def keep(event):  # after an answer or a Clear: the tab keeps the conversation as it now is
            return event.then(on.kept, [turns], [kept], queue=False, **private).then(
                None, [kept], None, js=WRITE_KEPT_JS, **private)

        keep(gr.on([question.submit, send.click], on.respond, [question, turns], chat_outputs, **private).then(
            None, js=SHOW_NEW_ANSWER_JS, **private))
        keep(gr.on([clear_btn.click, chatbot.clear], on.clear, None, chat_outputs, queue=False, **private))
        keep(examples.click(lambda sample: sample[0], [examples], [question], queue=False, **private).then(
            on.respond, [question, turns], chat_outputs, **private).then(None, js=SHOW_NEW_ANSWER_JS, **private))
        demo.load(on.restore, [kept], chat_outputs, js=READ_KEPT_JS, queue=False, **private)
        sources.click(on.open_citation, [turns], [viewer], **private)
        shelf.click(on.open_article, None, [lib_viewer], **private)
        wrong_btn.click(on.report_wrong, [comment, turns], [wrong_status], **private)
        upload.upload(on.uploaded, [upload], [questions_file, upload_status], **private)
        run_btn.click(on.run_evals, [questions_file], [eval_status, eval_list, summary, items, *chart_images,
                                                    report_files],
                      concurrency_limit=1, concurrency_id="evals", show_progress_on=[eval_status, summary], **private)
        gr.api(ask_endpoint(bot), api_name="ask")
    demo.queue(default_concurrency_limit=WORKERS, max_size=queue_size)
    return demo


def url_host(host: str) -> str:
    """The host as gradio takes it: an IPv6 address in brackets, as in a URL. `serve --host ::1` was a traceback
    ("httpx.InvalidURL: Invalid port: ':1:7860'"): gradio checks that it started at http://{host}:{port}/ (drill34).

    Example: url_host("::1") -> '[::1]'; url_host("[::1]") -> '[::1]'; url_host("127.0.0.1") -> '127.0.0.1'
    """
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def launch(bot, settings) -> None:
    """Serve the UI on settings.host:settings.port (local only by default) until interrupted."""
    demo = build_app(bot, eval_dir=Path(settings.home) / "eval", home=Path(settings.home))
    _, local_url, _ = demo.launch(server_name=url_host(settings.host), server_port=settings.port, share=False,
                                  prevent_thread_lock=True, quiet=True)
    print(f"twitchqa: web UI at {local_url} (Ctrl-C to stop)", flush=True)
    demo.block_thread()
