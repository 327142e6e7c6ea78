"""Fast tests of the UI's pure HTML rendering: escaping, exact mark offsets, notices, chips."""
from __future__ import annotations

from pathlib import Path

from ingest.load import Article
from ui import render

EVIL = 'Twitching is harmless. <script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2">'


def answer(**changes) -> dict:
    base = {"question": "q", "search_query": "q", "answer": "Quote one. [1] Quote two. [2]", "refused": False,
            "citations": [{"n": 1, "doc_id": "a", "title": "T", "source": "corpus/a.md", "start": 0, "end": 9,
                           "text": "Quote one", "score": 0.8},
                          {"n": 2, "doc_id": "a", "title": "T", "source": "corpus/a.md", "start": 11, "end": 20,
                           "text": "Quote two", "score": 0.7}],
            "notices": [{"kind": "disclaimer", "text": "Not medical advice."}], "timings_ms": {}}
    return base | changes


def article(text: str, **meta) -> Article:
    return Article(id="evil", title="A <b>title</b>", text=text, body_start=0, path=Path("corpus/evil.md"), meta=meta)


def test_user_text_is_escaped_and_kept_on_one_line():
    html = render.user_message('<img src=x onerror="alert(1)">\n\nwhy?')
    assert "<img" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; why?" in html


def test_marked_wraps_exactly_the_span_and_escapes_around_it():
    text = "ab<c>de"
    assert render.marked(text, 2, 5, "m") == 'ab<mark id="m">&lt;c&gt;</mark>de'
    assert render.marked(text, 0, 0) == "<mark></mark>ab&lt;c&gt;de"


def test_article_view_escapes_script_and_marks_the_cited_span():
    text = "---\ntitle: x\n---\n" + EVIL
    start = text.index("<script>")
    end = text.index("</script>") + len("</script>")
    html = render.article_view(article(text, author="M <img src=x onerror=1>"), 3, (start, end), 2)
    assert "<script" not in html and "<img" not in html
    assert '<mark id="twqa-mark">&lt;script&gt;window.__pwned=1&lt;/script&gt;</mark>' in html
    assert "A &lt;b&gt;title&lt;/b&gt;" in html and "3 passages indexed" in html


def test_chips_link_only_numbers_that_name_a_citation():
    html = render.with_chips("Levels 1, 2 [1] and a reference [7] <b>", {1}, 4)
    assert html.count('class="twqa-chip"') == 1
    assert 'href="#cite-4-1"' in html and "[7]" in html and "&lt;b&gt;" in html


def test_urgent_banner_comes_before_the_answer_and_disclaimer_after():
    notices = [{"kind": "urgent", "text": "Call now."}, {"kind": "disclaimer", "text": "Not advice."}]
    html = render.answer_message(answer(notices=notices), 0)
    assert html.index("twqa-urgent") < html.index("twqa-answer") < html.index("twqa-quiet twqa-disclaimer")


def test_refusal_is_styled_apart_and_rewritten_query_is_shown():
    html = render.answer_message(answer(refused=True, citations=[], answer="Not covered.",
                                        question="why?", search_query="potassium why?"), 0)
    assert "twqa-refusal" in html and "twqa-answer" not in html
    assert "Searched for: potassium why?" in html


def test_source_card_shows_containing_passage_with_cited_sentence_marked():
    text = "Intro. The cited <sentence>. More text."
    c = {"n": 3, "title": "T & co", "source": "corpus/x.md", "start": 7, "end": 27, "score": 0.812}
    passage = render.containing_span([(0, 6), (7, len(text)), (0, len(text))], 7, 27, len(text))
    begin, end = render.around(passage, 7, 27)
    assert (begin, end) == passage == (7, len(text))
    card = render.source_card(c, 1, text[begin:end], begin, {"author": "Dr <X>", "publisher": "P"})
    assert "<mark>The cited &lt;sentence&gt;</mark>. More text.</div>" in card
    assert render.around((0, 900), 400, 420, pad=100) == (300, 520)
    assert render.containing_span([], 5, 10, 12) == (0, 12)
    cut = render.source_card(c, 1, text[begin:end - 3], begin, {}, cut=(True, True))
    assert '<div class="twqa-passage">…<mark>' in cut and "More te…</div>" in cut
    assert 'data-cite="1-3"' in card and "T &amp; co" in card and "Dr &lt;X&gt; · P" in card and "0.81" in card


def test_item_rows_put_failures_first_in_file_order():
    items = [{"id": i, "category": "answerable", "question": i, "passed": p, "baseline": {"passed": True},
              "ours": {"misses": {} if p else {"fact_recall": "missing x"}}}
             for i, p in (("a", True), ("b", False), ("c", True), ("d", False))]
    rows = render.item_rows({"items": items})
    assert [r[0] for r in rows] == ["b", "d", "a", "c"]
    assert rows[0][2] == "FAIL" and rows[0][5] == "fact_recall: missing x"
