"""The Evals tab in plain words: what each metric means for a reader, failures first."""
from __future__ import annotations

from html import escape

# metric -> one line a reader can follow (the precise definitions are evals.metrics.METRICS).
PLAIN = {
    "hit_at_1": "How often the first passage found holds the answer",
    "hit_at_5": "How often one of the first five passages found holds the answer",
    "mrr_at_10": "How near the top the first passage holding the answer is (1 = always first)",
    "ndcg_at_10": "How well the passages holding the answer are ranked among the first ten",
    "fact_recall": "How often the answer contains every fact it should",
    "citation_validity": "How often every citation points at exactly the quoted characters",
    "citation_support": "How much of each answer is backed by the passage it cites",
    "gold_article_hit": "How often an answer cites one of the articles that answer the question",
    "evidence_precision": "How much of what is quoted is the expected evidence (a lower bound)",
    "first_claim_hit": "How often the answer's first quote holds the expected evidence",
    "first_sentence_hit": "How often the first sentence a reader sees is the expected evidence",
    "alarming_unasked": "How often an answer quotes something alarming the question didn't ask about",
    "display_defects": "How often an answer shows a reference number, a checkbox or Markdown, or a quote starting mid-thought",
    "answer_words_median": "How long a typical answer is, in words",
    "answer_words_max": "How long the longest answer is, in words",
    "refusal_uncovered": "How often a question the articles don't cover is declined",
    "refusal_offtopic": "How often a question about something else is declined",
    "false_refusal": "How often a question the articles do answer is wrongly declined",
    "urgent_recall": "How often an emergency gets the 'seek emergency care' notice",
    "see_clinician_recall": "How often a warning sign gets the 'see a clinician' notice",
    "over_escalation": "How often an ordinary question wrongly gets the emergency notice",
    "needless_notice": "How often a question describing no symptom gets a warning notice anyway",
    "dosing_handling": "How often a dose question gets no invented dose and the dose notice",
    "latency_p50_ms": "How long a typical answer takes, in milliseconds",
    "latency_p95_ms": "How long the slowest answers (1 in 20) take, in milliseconds",
}
HEADERS = ["what it measures", "metric", "ours", "baseline", "limit", "target", "status"]
# Failing rows first, then those short of their target, then the rest in report order.
STATUS_ORDER = {"FAIL": 0, "below target": 1}


def plain_rows(rows: list[list[str]]) -> list[list[str]]:
    """evals.report.summary_rows with a plain meaning in front, failures first.

    Example:
    >>> plain_rows([["hit_at_5", "0.9", "0.8", "≥ 0.9", "", "ok"], ["false_refusal", "0.1", "0", "≤ 0.0", "", "FAIL"]])[0][:2]
    ['How often a question the articles do answer is wrongly declined', 'false_refusal']
    """
    ordered = sorted(rows, key=lambda r: STATUS_ORDER.get(r[5], 2))  # stable: report order kept within a group
    return [[PLAIN.get(r[0], r[0])] + list(r) for r in ordered]


def phone_list(summary: list[list[str]], items: list[list[str]]) -> str:
    """The two tables as lists, for a phone (seven columns in 326 px broke the headers letter by letter):
    each measure as "status · meaning: ours (baseline …, limit …)", then each question with what it missed.

    `summary` holds plain_rows; `items` holds ui.render.item_rows (id, category, ours, baseline, question, missed).

    Example:
    >>> "<b>FAIL</b> How often" in phone_list([["How often", "m", "0.1", "0", "≤ 0.0", "", "FAIL"]], [])
    True
    """
    def measure(r: list[str]) -> str:
        meaning, metric, ours, baseline, limit, target, status = r
        bounds = "".join(f", {name} {escape(v)}" for name, v in (("limit", limit), ("target", target)) if v)
        return (f'<li><b>{escape(status)}</b> {escape(meaning)}: <b>{escape(ours)}</b> '
                f'<span class="twqa-eval-more">(baseline {escape(baseline)}{bounds}; {escape(metric)})</span></li>')

    def question(r: list[str]) -> str:
        qid, category, ours, baseline, text, missed = r
        more = f' <span class="twqa-eval-more">missed: {escape(missed)}</span>' if missed else ""
        return (f'<li><b>{escape(ours)}</b> {escape(text)} <span class="twqa-eval-more">({escape(category)}, '
                f'{escape(qid)}; baseline {escape(baseline)})</span>{more}</li>')

    return ('<div class="twqa-eval-list"><h3 class="twqa-panel-title">Each measure, problems first</h3>'
            f'<ul>{"".join(measure(r) for r in summary)}</ul>'
            '<h3 class="twqa-panel-title">Each question, failures first</h3>'
            f'<ul>{"".join(question(r) for r in items)}</ul></div>')
