"""The eval harness: metric functions on hand-made answers, the gold-set loader, and one real run."""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import pytest

from evals import metrics as m
from evals.baseline import windows
from evals.run import EvalError, check_gate, command, load_questions, load_thresholds, run_eval
from ingest.errors import TwitchqaError

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"

FILE = ("---\nid: doc\n---\n# Twitching\n\nCaffeine can cause muscle twitching. Stress can too.\n\n"
        "| Electrolyte | Normal Range |\n|---|---|\n| Potassium (K) | 3.5-5 mmol/L |\n")
SOURCE = "corpus/doc.md"
READ = {SOURCE: FILE}.get
DOCS = {"doc": FILE}
CAFFEINE = "Caffeine can cause muscle twitching."
STRESS = "Stress can too."
ROW = "| Potassium (K) | 3.5-5 mmol/L |"


def cite(n: int, text: str, shift: int = 0) -> dict:
    start = FILE.index(text) + shift
    return {"n": n, "doc_id": "doc", "title": "Twitching", "source": SOURCE, "start": start,
            "end": start + len(text), "text": text, "score": 0.9}


def answer(text: str, citations: list[dict], refused: bool = False, notices: tuple[str, ...] = ()) -> dict:
    return {"question": "q", "search_query": "q", "answer": text, "refused": refused, "citations": citations,
            "notices": [{"kind": k, "text": "..."} for k in notices], "timings_ms": {"total": 5.0}}


def gold(category: str = "answerable", **extra) -> dict:
    item = {"id": "g1", "category": category, "question": "q"}
    if category in m.ANSWERED:
        item |= {"facts": [["caffeine"]], "gold_docs": ["doc"], "evidence": [CAFFEINE]}
    return item | extra


def test_perfect_answer_passes_every_check():
    ans = answer(f"{CAFFEINE} [1] {STRESS} [2]", [cite(1, CAFFEINE), cite(2, STRESS)], notices=("disclaimer",))
    scored = m.score_item(gold(facts=[["caffeine"], ["stress"]]), ans, None, READ, DOCS)
    assert scored["passed"] and scored["misses"] == {}
    assert scored["units"] == scored["supported_units"] == 2
    assert scored["words"] == 8
    assert scored["values"]["gold_article_hit"] == 1.0


def test_evidence_precision_is_the_share_of_cited_characters_inside_gold_evidence():
    on_point = answer(f"{CAFFEINE} [1]", [cite(1, CAFFEINE)])
    padded = answer(f"{CAFFEINE} [1] {STRESS} [2]", [cite(1, CAFFEINE), cite(2, STRESS)])
    assert m.score_item(gold(), on_point, None, READ, DOCS)["values"]["evidence_precision"] == 1.0
    share = m.score_item(gold(), padded, None, READ, DOCS)["values"]["evidence_precision"]
    assert share == len(CAFFEINE) / (len(CAFFEINE) + len(STRESS))
    # Evidence that is only part of a cited span counts for its part; an uncited answer has none.
    assert m.evidence_share(on_point, ["muscle twitching"], DOCS) == len("muscle twitching") / len(CAFFEINE)
    assert m.evidence_share(answer("x", []), [CAFFEINE], DOCS) == 0.0
    assert "evidence_precision" not in m.score_item(gold(), answer("No.", [], refused=True), None, READ, DOCS)["values"]


def test_missing_fact_is_named_and_variants_and_dashes_are_normalised():
    assert m.missing_facts("Normal is 3.5 – 5 mmol/L [1]", [["3.5-5 mmol/l"]]) == []
    assert m.missing_facts("It is  STRESS-related. [1]", [["stress - related"]]) == []
    assert m.missing_facts("Caffeine [1]", [["coffee", "caffeine"], ["magnesium"]]) == [["magnesium"]]
    scored = m.score_item(gold(facts=[["caffeine"], ["magnesium", "Mg"]]),
                          answer(f"{CAFFEINE} [1]", [cite(1, CAFFEINE)]), None, READ, DOCS)
    assert not scored["passed"]
    assert scored["misses"]["fact_recall"] == "missing facts: magnesium / Mg"


def test_citation_with_a_bad_offset_is_invalid():
    ans = answer(f"{CAFFEINE} [1]", [cite(1, CAFFEINE, shift=1)])
    problems = m.citation_problems(ans, READ)
    assert len(problems) == 1 and "citation [1]: text is not corpus/doc.md" in problems[0]
    assert m.score_item(gold(), ans, None, READ, DOCS)["misses"].keys() == {"citation_validity"}


def test_unresolved_marker_and_unused_citation_are_invalid():
    ans = answer(f"{CAFFEINE} [1][3]", [cite(1, CAFFEINE), cite(2, STRESS)])
    assert m.citation_problems(ans, READ) == ["[3] names no citation", "citation [2] is never used"]
    assert m.citation_problems(answer(CAFFEINE, [cite(1, CAFFEINE)]), {}.get) == [
        "citation [1]: cannot read 'corpus/doc.md'", "citation [1] is never used"]


def test_refused_answer_without_citations_is_valid_but_a_false_refusal():
    ans = answer("The articles don't cover this question.", [], refused=True)
    assert m.citation_problems(ans, READ) == []
    scored = m.score_item(gold(), ans, None, READ, DOCS)
    assert scored["values"]["citation_validity"] == 1.0 and scored["values"]["false_refusal"] == 1.0
    assert scored["units"] == 0 and scored["words"] is None and "gold_article_hit" not in scored["values"]


def test_claim_units_split_on_markers_and_keep_uncited_tail():
    assert m.claim_units("A b. [1] C d. [2][3] Tail.") == [("A b.", [1]), ("C d.", [2, 3]), ("Tail.", [])]
    assert m.claim_units("") == []


def test_unsupported_and_uncited_units_fail_citation_support():
    ans = answer(f"Magnesium pills cure every twitch. [1] {STRESS}", [cite(1, CAFFEINE)])
    units, bad = m.unsupported_units(ans, READ)
    assert units == 2 and bad == ["Magnesium pills cure every twitch.", STRESS]
    scored = m.score_item(gold(), ans, None, READ, DOCS)
    assert "citation_support" in scored["misses"] and scored["supported_units"] == 0


def test_table_row_shown_readable_is_supported_lexically():
    ans = answer("Potassium (K) — Normal Range: 3.5-5 mmol/L [1]", [cite(1, ROW)])
    assert m.table_header(FILE, FILE.index(ROW)) == "| Electrolyte | Normal Range |"
    assert m.unsupported_units(ans, READ) == (1, [])
    assert not m.unit_supported("Potassium (K) — Normal Range: 3.5-5 mmol/L", [ROW])  # header words needed


def test_lexical_support_needs_eighty_percent_of_content_words():
    cited = ["caffeine causes muscle twitching in adults"]
    assert m.unit_supported("Muscle twitching: caffeine causes it in adults.", cited)  # 5/5 (it is a stopword)
    assert not m.unit_supported("Caffeine causes severe muscle cramping.", cited)  # 3/5


def test_ranking_scores_give_exact_hit_mrr_and_ndcg():
    scores = m.ranking_scores([False, True, False, True])
    assert scores["hit_at_1"] == 0.0 and scores["hit_at_5"] == 1.0 and scores["mrr_at_10"] == 0.5
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    assert scores["ndcg_at_10"] == pytest.approx(dcg / (1 + 1 / math.log2(3)))
    assert m.ranking_scores([False, True, False, True], missing=1)["ndcg_at_10"] == pytest.approx(
        dcg / (1 + 1 / math.log2(3) + 1 / math.log2(4)))
    assert m.ranking_scores([True])["ndcg_at_10"] == 1.0
    late = m.ranking_scores([False] * 5 + [True])
    assert (late["hit_at_5"], late["mrr_at_10"], late["first_relevant_rank"]) == (0.0, 1 / 6, 6)
    assert m.ranking_scores([False] * 10 + [True]) | {"ndcg_at_10": 0} == {
        "hit_at_1": 0.0, "hit_at_5": 0.0, "mrr_at_10": 0.0, "ndcg_at_10": 0, "first_relevant_rank": None}


def test_passage_is_relevant_by_containment_or_span_overlap():
    start = FILE.index(CAFFEINE)
    inside = {"doc_id": "doc", "start": start - 5, "end": start + 60, "text": FILE[start - 5:start + 60]}
    overlapping = {"doc_id": "doc", "start": start + 10, "end": start + 20, "text": FILE[start + 10:start + 20]}
    elsewhere = {"doc_id": "doc", "start": 0, "end": 10, "text": FILE[:10]}
    assert m.matched_quotes(inside, [CAFFEINE], DOCS) == {0}
    assert m.matched_quotes(overlapping, [CAFFEINE], DOCS) == {0}
    assert m.matched_quotes(elsewhere, [CAFFEINE], DOCS) == set()
    assert m.quote_spans(FILE, "caffeine  CAN cause") == ((start, start + len("Caffeine can cause")),)
    scored = m.score_item(gold(), answer(f"{CAFFEINE} [1]", [cite(1, CAFFEINE)]),
                          [elsewhere, overlapping], READ, DOCS)
    assert scored["retrieval"]["relevant_ranks"] == [2]
    assert scored["values"]["mrr_at_10"] == 0.5 and "mrr_at_10" in scored["misses"] and scored["passed"]


def test_urgent_notice_on_a_benign_question_is_over_escalation():
    ans = answer(f"{CAFFEINE} [1]", [cite(1, CAFFEINE)], notices=("urgent",))
    scored = m.score_item(gold(), ans, None, READ, DOCS)
    assert scored["values"]["over_escalation"] == 1.0 and not scored["passed"]
    urgent = m.score_item(gold("urgent", expect_notice="urgent"), ans, None, READ, DOCS)
    assert urgent["values"]["urgent_recall"] == 1.0 and urgent["passed"]


def test_warning_notice_on_a_message_describing_no_sign_is_needless_unless_expected():
    ans = answer(f"{CAFFEINE} [1]", [cite(1, CAFFEINE)], notices=("see_clinician", "disclaimer"))
    scored = m.score_item(gold(), ans, None, READ, DOCS)
    assert scored["values"]["needless_notice"] == 1.0
    assert scored["misses"]["needless_notice"].startswith("see_clinician notice")
    assert scored["passed"]  # reported for a reader, not an item failure (SOFT)
    expected = m.score_item(gold(expect_notice="see_clinician"), ans, None, READ, DOCS)
    assert expected["values"]["needless_notice"] == 0.0
    plain = m.score_item(gold("followup"), answer(f"{CAFFEINE} [1]", [cite(1, CAFFEINE)], notices=("disclaimer",)),
                         None, READ, DOCS)
    assert plain["values"]["needless_notice"] == 0.0
    urgent = answer(f"{CAFFEINE} [1]", [cite(1, CAFFEINE)], notices=("urgent", "see_clinician"))
    assert m.needless_notices(urgent, gold()) == ["urgent", "see_clinician"]
    assert m.needless_notices(urgent, gold(expect_notice="see_clinician")) == ["urgent"]
    assert "needless_notice" not in m.score_item(gold("urgent", expect_notice="urgent"), urgent, None, READ,
                                                 DOCS)["values"]
    assert m.aggregate([scored, expected, plain])["needless_notice"] == round(1 / 3, 6)


def test_dosing_answer_with_an_invented_dose_fails():
    item = gold("dosing", expect_notice="dosing")
    invented = m.score_item(item, answer("Take 400 mg of magnesium daily.", [], notices=("dosing",)), None, READ, DOCS)
    assert invented["values"]["dosing_handling"] == 0.0
    assert invented["misses"]["dosing_handling"] == "invented dose 400 mg"
    assert m.invented_doses("2 tablets, 1,000 IU or 5ml [1]") == ["2 tablets", "1,000 IU", "5ml"]
    handled = m.score_item(item, answer("The articles give no doses.", [], refused=True), None, READ, DOCS)
    assert handled["values"]["dosing_handling"] == 1.0
    silent = m.score_item(item, answer(f"{CAFFEINE} [1]", [cite(1, CAFFEINE)]), None, READ, DOCS)
    assert silent["misses"]["dosing_handling"] == "no dosing notice and not refused"


def test_aggregate_counts_each_metric_over_its_own_scope():
    good = answer(f"{CAFFEINE} [1]", [cite(1, CAFFEINE)])
    scored = [m.score_item(gold(), good, None, READ, DOCS),
              m.score_item(gold(facts=[["magnesium"]]), good, None, READ, DOCS),
              m.score_item(gold("uncovered"), answer("No.", [], refused=True), None, READ, DOCS),
              m.score_item(gold("offtopic"), good, None, READ, DOCS)]
    metrics = m.aggregate(scored)
    assert metrics["fact_recall"] == 0.5 and metrics["refusal_uncovered"] == 1.0
    assert metrics["refusal_offtopic"] == 0.0 and metrics["false_refusal"] == 0.0
    assert metrics["citation_support"] == 1.0 and metrics["answer_words_median"] == 5.0
    assert metrics["urgent_recall"] is None and metrics["hit_at_5"] is None
    assert set(metrics) == set(m.METRICS)


def test_percentile_and_baseline_windows():
    assert m.percentile([4, 1, 3, 2], 50) == 2.5 and m.percentile([], 95) is None
    assert windows(2000) == [(0, 1000), (800, 1800), (1600, 2000)]
    assert windows(1000) == [(0, 1000)] and windows(300) == [(0, 300)]


def write(path: Path, lines: list) -> Path:
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def test_loader_names_file_and_line_of_bad_json(tmp_path):
    path = write(tmp_path / "q.jsonl", [gold("uncovered"), "", '{"id": "x", "category": '])
    with pytest.raises(EvalError, match=r"q\.jsonl:3: not valid JSON") as error:
        load_questions(path)
    assert isinstance(error.value, TwitchqaError) and isinstance(error.value, ValueError)


@pytest.mark.parametrize("item, message", [
    ({"id": "a", "category": "answerable", "question": "q", "gold_docs": ["d"], "evidence": ["e"]}, "'facts'"),
    ({"id": "a", "category": "weird", "question": "q"}, "category 'weird'"),
    ({"id": "a", "category": "urgent", "question": "q"}, "'expect_notice'"),
    ({"id": "a", "category": "followup", "question": "q", "facts": [["f"]], "gold_docs": ["d"],
      "evidence": ["e"]}, "non-empty history"),
    ({"category": "offtopic", "question": "q"}, "missing field 'id'"),
    # a field given in the wrong shape is named as such, not as missing (drill42)
    ({"id": "a", "category": "answerable", "question": "q", "facts": "caffeine", "gold_docs": ["d"], "evidence": ["e"]},
     "field 'facts' must be a list of facts, each a list of accepted strings, not \"caffeine\""),
    ({"id": "a", "category": "offtopic", "question": ""}, "field 'question' must be a non-empty string, not \"\""),
    ({"id": "a", "category": "answerable", "question": "q", "facts": [["f"]], "gold_docs": ["d"], "evidence": [None]},
     r"field 'evidence' must be a non-empty list of strings, not \[null\]"),
])
def test_loader_rejects_items_missing_fields(tmp_path, item, message):
    with pytest.raises(EvalError, match=rf"q\.jsonl:2: .*{message}"):
        load_questions(write(tmp_path / "q.jsonl", [gold("offtopic", id="ok"), item]))


def test_loader_rejects_duplicate_ids_and_missing_file(tmp_path):
    with pytest.raises(EvalError, match="q.jsonl:2: id 'g1' is already used on line 1"):
        load_questions(write(tmp_path / "q.jsonl", [gold("offtopic"), gold("uncovered")]))
    with pytest.raises(EvalError, match="questions file not found"):
        load_questions(tmp_path / "nope.jsonl")


def test_thresholds_encode_direction_and_gate_names_failing_items(tmp_path):
    assert load_thresholds()["targets"]["answer_words_median"] == 90  # the shipped file loads
    bad = tmp_path / "t.toml"
    bad.write_text("[floors]\nfalse_refusal = 0.1\n")
    with pytest.raises(EvalError, match="lower-is-better: put its limit under \\[ceilings\\]"):
        load_thresholds(bad)
    report = {"metrics": {"ours": {"fact_recall": 0.5, "false_refusal": 0.5, "answer_words_median": 100.0}},
              "items": [{"id": "a", "ours": {"misses": {"fact_recall": "x"}, "words": 120}},
                        {"id": "b", "ours": {"misses": {"false_refusal": "y"}, "words": 80}}]}
    limits = {"floors": {"fact_recall": 0.9}, "ceilings": {"false_refusal": 0.02, "answer_words_median": 90},
              "targets": {}}
    assert check_gate(report, limits) == [
        "fact_recall = 0.5 is below the floor 0.9; failed: a",
        "false_refusal = 0.5 is above the ceiling 0.02; failed: b",
        "answer_words_median = 100 is above the ceiling 90; failed: a",
    ]


def test_agreement_units_must_name_as_many_articles_as_they_cite():
    assert m.agreement_claim("Two of the articles say this: Stress can cause it.") == (2, "Stress can cause it.")
    assert m.agreement_claim("Stress can cause it.") == (None, "Stress can cause it.")
    cites = [{"n": 1, "doc_id": "a", "source": "a.md", "start": 0, "end": 21, "text": "Stress can cause it."},
             {"n": 2, "doc_id": "b", "source": "b.md", "start": 0, "end": 21, "text": "Stress can cause it."}]
    read = {"a.md": "Stress can cause it.", "b.md": "Stress can cause it."}.get
    right = {"answer": "Two of the articles say this: Stress can cause it. [1][2]", "citations": cites}
    wrong = {"answer": "Three of the articles say this: Stress can cause it. [1][2]", "citations": cites}
    assert m.unsupported_units(right, read) == (1, [])
    assert m.unsupported_units(wrong, read)[1] == ["Three of the articles say this: Stress can cause it."]


def test_case_study_label_holds_only_under_a_case_study_heading():
    story = "Mark noticed a twitch in his thumb."
    read = {"a.md": f"# A\n\n## Mini Case Study: Early ALS\n\n{story}\n", "b.md": f"# B\n\n## Causes\n\n{story}\n"}.get

    def labelled(source):
        start = read(source).index(story)
        citation = {"n": 1, "doc_id": source, "source": source, "start": start, "end": start + len(story), "text": story}
        return {"answer": f"From a case study: {story} [1]", "citations": [citation]}
    assert m.unsupported_units(labelled("a.md"), read) == (1, [])
    assert m.unsupported_units(labelled("b.md"), read)[1] == [f"From a case study: {story}"]


def test_auroc_counts_pairs_ranked_right_and_ties_as_half():
    assert m.auroc([0.9, 0.8], [0.1, 0.85]) == 0.75
    assert m.auroc([0.5], [0.5]) == 0.5
    assert m.auroc([], [0.1]) is None
    split = m.separation([0.9, 0.35], [0.2, 0.6], threshold=0.4)
    assert split | {"auroc": None} == {"auroc": None, "threshold": 0.4, "answerable": 2, "to_refuse": 2,
                                       "answerable_below": 1, "to_refuse_above": 1, "suggested_threshold": 0.35,
                                       "max_false_refusal": 0.02, "suggested_refuses": 1}
    fifty = m.separation([0.5, 0.6, 0.7, 0.8], [0.55, 0.1], threshold=0.4, max_false_refusal=0.25)
    assert fifty["suggested_threshold"] == 0.6 and fifty["suggested_refuses"] == 2


# --- one real run: `bot` (tests/conftest.py) is the real model over a real index built in tmp_path ---

TINY = [
    {"id": "caffeine", "category": "answerable", "question": "Can drinking a lot of coffee make my muscles twitch?",
     "facts": [["caffeine"]], "gold_docs": ["droracle-what-causes-twitching", "twitch-causes-treatment",
                                            "martinos-twitching-part-1", "random-twitches-when-concerned"],
     "evidence": ["Drinking too much coffee, tea, or energy drinks that contain caffeine may cause muscle twitching.",
                  "Caffeine overconsumption: Found in coffee, energy drinks, and some medications, caffeine stimulates "
                  "the central nervous system and can lead to jitteriness and twitching."]},
    {"id": "bitcoin", "category": "offtopic", "question": "What is the price of bitcoin today?"},
    {"id": "breathing", "category": "urgent", "question": "My twitching started and now I can't breathe properly",
     "expect_notice": "urgent"},
    {"id": "dose", "category": "dosing", "question": "How many mg of magnesium should I take for twitching?",
     "expect_notice": "dosing"},
]


def test_run_eval_writes_report_and_charts_and_is_deterministic(bot, tmp_path):
    questions = write(tmp_path / "tiny.jsonl", TINY)
    lenient = tmp_path / "lenient.toml"  # the shipped floors are for the whole gold set, not these four
    lenient.write_text("[floors]\ncitation_validity = 1.0\n")
    first = run_eval(bot, questions, tmp_path / "one", progress=False, corpus=CORPUS, thresholds_path=lenient)
    second = run_eval(bot, questions, tmp_path / "two", progress=False, corpus=CORPUS, thresholds_path=lenient)
    for name in ("report.json", "report.md", "metrics.png", "latency.png", "categories.png"):
        assert (tmp_path / "one" / name).stat().st_size > 0
    assert first["metrics"] == second["metrics"]
    assert [i["ours"]["misses"] for i in first["items"]] == [i["ours"]["misses"] for i in second["items"]]
    saved = json.loads((tmp_path / "one" / "report.json").read_text(encoding="utf-8"))
    assert saved["metrics"] == first["metrics"] and len(saved["items"]) == 4
    assert set(first["metrics"]["baseline"]) == set(m.METRICS)
    assert first["metrics"]["ours"]["citation_validity"] == 1.0
    assert first["metrics"]["baseline"]["refusal_offtopic"] == 0.0  # the baseline never refuses
    markdown = (tmp_path / "one" / "report.md").read_text(encoding="utf-8")
    assert "| metric | ours | baseline | floor | target | status |" in markdown
    separation = first["refusal_separation"]  # the one answerable vs the one off-topic item
    assert separation["answerable"] == 1 and separation["to_refuse"] == 1 and separation["auroc"] == 1.0
    assert "## Refusal separation" in markdown and "AUROC 1.000" in markdown
    assert first["gate"] == []


def test_eval_command_prints_summary_and_fails_the_gate_past_a_ceiling(bot, tmp_path, capsys, monkeypatch):
    parser = argparse.ArgumentParser()
    from evals.run import add_arguments
    add_arguments(parser)
    questions = write(tmp_path / "tiny.jsonl", TINY)
    strict = tmp_path / "strict.toml"
    strict.write_text("[ceilings]\nanswer_words_median = 1\n")
    monkeypatch.setenv("TWITCHQA_CORPUS", str(CORPUS))
    args = parser.parse_args(["--questions", str(questions), "--thresholds", str(strict)])
    assert command(args, lambda: bot, tmp_path / "home") == 1
    out = capsys.readouterr().out
    gate_line = next(line for line in out.splitlines() if line.strip().startswith("answer_words_median ="))
    assert "gate: FAILED" in out and "above the ceiling 1; failed: caffeine" in gate_line
    assert (tmp_path / "home" / "eval" / "report.md").exists()
    lenient = tmp_path / "lenient.toml"
    lenient.write_text("[ceilings]\nanswer_words_median = 200\n")
    args = parser.parse_args(["--questions", str(questions), "--out", str(tmp_path / "o"), "--json",
                              "--thresholds", str(lenient)])
    assert command(args, lambda: bot, tmp_path / "home") == 0
    assert json.loads(capsys.readouterr().out)["passed"] is True


def test_first_claim_hit_asks_whether_the_answer_opens_with_gold_evidence_and_fails_no_item():
    leads = answer(f"{CAFFEINE} [1] {STRESS} [2]", [cite(1, CAFFEINE), cite(2, STRESS)])
    trails = answer(f"{STRESS} [1] {CAFFEINE} [2]", [cite(1, STRESS), cite(2, CAFFEINE)])
    assert m.score_item(gold(), leads, None, READ, DOCS)["values"]["first_claim_hit"] == 1.0
    scored = m.score_item(gold(), trails, None, READ, DOCS)
    assert scored["values"]["first_claim_hit"] == 0.0 and scored["passed"]  # reported, never failing an item


def test_first_sentence_hit_asks_whether_the_first_sentence_shown_is_gold_evidence_not_a_later_one_of_its_quote():
    both = f"{CAFFEINE} {STRESS}"
    late = answer(f"{both} [1]", [cite(1, both)])
    scored = m.score_item(gold(evidence=[STRESS]), late, None, READ, DOCS)
    assert scored["values"]["first_claim_hit"] == 1.0 and scored["values"]["first_sentence_hit"] == 0.0
    assert scored["passed"]  # reported, never failing an item
    early = m.score_item(gold(evidence=[CAFFEINE]), late, None, READ, DOCS)
    assert early["values"]["first_sentence_hit"] == 1.0
    labelled = answer(f"[Caffeine:] {STRESS} [1][2]", [cite(1, STRESS), cite(2, CAFFEINE)])
    assert m.score_item(gold(evidence=[STRESS]), labelled, None, READ, DOCS)["values"]["first_sentence_hit"] == 1.0


def test_alarming_unasked_flags_a_frightening_quote_only_when_the_question_does_not_name_its_topic():
    from bot.claims import ALARMING_FILE

    entry = json.loads(ALARMING_FILE.read_text(encoding="utf-8").splitlines()[2])
    text = (CORPUS / f"{entry['doc_id']}.md").read_text(encoding="utf-8")
    start = text.index(entry["quote"])
    citation = {"n": 1, "doc_id": entry["doc_id"], "start": start, "end": start + len(entry["quote"])}
    unasked = {"question": "why does my thumb twitch?", "citations": [citation]}
    asked = {"question": "How does ALS progress?", "citations": [citation]}
    docs = {entry["doc_id"]: text}
    assert m.alarming_unasked(unasked, docs) == [entry["quote"]]
    assert m.alarming_unasked(asked, docs) == []
