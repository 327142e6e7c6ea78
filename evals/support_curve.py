"""The written-sentence check's operating point, measured on sets its rules were not written from (issue #18).

    python -m evals.support_curve            # needs the index (make index) and git; ~15 min the first time

Left out one set at a time, the check keeps almost no unsupported sentence: its rules were written after reading
each set's leaks. Each new blind set still leaks ~4 of 55. So here each set is judged by the rules of the commit it
was measured blind on (SNAPSHOTS: that commit unpacked by `git archive` and run by evals/rules_then.py), and the
score is fitted on the sets before it (time order) or on all the others (left out), by the features of now. The
keep threshold (the share of the fitting sets' supported sentences it drops) and the evidence required (how close
to one cited sentence, how many of its content words the cited text uses) are then raised step by step: the trade
of unsupported kept against supported kept on unseen sets, pooled over the folds and at the worst fold.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from bot.each_clause import CLAUSE_CHANCE
from evals.fit_support import C, DATA, HERE

ROOT = HERE.parent
# Each blind set, and the commit whose check first measured it unread (its own rules came after). Checked: the
# check of then, run here, keeps what its recorded figures say (set 10 3 of 55, 11 2, 13 1, 14 4, 15 4, 16 4, ...).
SNAPSHOTS = {
    "5a39f9b": ("written_sentences_10.jsonl", "written_sentences_11.jsonl", "written_sentences_13.jsonl"),
    "034735f": ("written_sentences_14.jsonl", "written_sentences_15.jsonl"),  # rules from them: c55e910
    "797fc36": ("written_sentences_16.jsonl", "written_sentences_18.jsonl"),  # 8551fbc
    "df1fdd7": ("written_sentences_17.jsonl",),  # 53049da
    "ee63756": ("written_sentences_22.jsonl",),  # 53049da
    "955c0a4": ("written_sentences_21.jsonl", "written_sentences_24.jsonl"),  # 7a558e9
    "8718b40": ("written_sentences_23.jsonl",),  # e7ed69a
    "54edfdf": ("written_sentences_26.jsonl",),  # e7ed69a
    "HEAD": ("written_sentences_25.jsonl", "written_sentences_28.jsonl"),  # no rule read from them yet
}
UNSEEN = "written_sentences_28.jsonl"  # this session's blind set: reported, never used to choose
DROPS = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
# The evidence required besides the score: (least similarity to the closest cited text or sentence, least share of the
# sentence's content words the cited text uses, least share one cited sentence uses).
EVIDENCE = ((0.0, 0.0, 0.0), (0.0, 0.9, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 0.8), (0.0, 0.0, 0.9), (0.0, 0.0, 1.0),
            (0.8, 0.0, 0.0), (0.85, 0.0, 0.0), (0.9, 0.0, 0.0), (0.91, 0.0, 0.0), (0.92, 0.0, 0.0), (0.94, 0.0, 0.0),
            (0.95, 0.0, 0.0), (0.85, 1.0, 0.0), (0.9, 1.0, 0.0), (0.85, 0.0, 0.8))


def run_rules(commit: str, files: list[Path], out: Path) -> None:
    """evals/rules_then.py inside `commit`'s tree (HEAD: this worktree) over `files`, into `out`."""
    if commit == "HEAD":
        tree = ROOT
    else:
        tree = Path(tempfile.mkdtemp(prefix=f"rules-{commit}-"))
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tree, filter="data")
    env = {**os.environ, "PYTHONPATH": str(tree), "OMP_NUM_THREADS": "1"}
    try:
        subprocess.run([sys.executable, str(HERE / "rules_then.py"), str(out), *map(str, files)], cwd=tree, env=env,
                       check=True)
    finally:
        if tree != ROOT:
            shutil.rmtree(tree)


def collect(cache: Path) -> tuple[dict, dict]:
    """(the rules of then per blind sentence id, the check of now over every labelled file), cached in `cache`."""
    cache.mkdir(parents=True, exist_ok=True)
    then = {}
    for commit, names in SNAPSHOTS.items():
        out = cache / f"then-{commit}.json"
        if not out.exists():
            run_rules(commit, [HERE / n for n in names], out)
        then.update({r["id"]: r for r in json.loads(out.read_text())})
    out = cache / "now.json"
    if not out.exists():
        run_rules("HEAD", [*DATA, HERE / UNSEEN], out)
    return then, {r["id"]: r for r in json.loads(out.read_text())}


def one_sentence_coverage(items: list[dict]) -> dict[str, float]:
    """id -> the largest share of a sentence's content words any one cited sentence uses."""
    from bot.coverage import coverage
    from bot.library import Library
    from bot.sentences import cited_sentences
    from bot.shown import shown
    from evals.fit_support import given_passages, sentence_of
    from ingest.embed import Embedder
    from ingest.settings import Settings

    library = Library(Settings.from_env().home, Embedder().model_id)
    out = {}
    for item in items:
        sentence, given = sentence_of(item["sentence"]), given_passages(item, library)
        cited = [shown(given[n]) for n in sentence.cites if n in given] or [shown(p) for p in given.values()]
        out[item["id"]] = max(coverage(sentence.text, s) for c in cited for s in cited_sentences(c))
    return out


def fit(rows: np.ndarray, labels: np.ndarray, scorable: np.ndarray, drop: float):
    model = LogisticRegression(C=C, max_iter=1000).fit(rows, labels)
    chance = model.predict_proba(rows)[:, 1]
    return model, float(np.quantile(chance[labels & scorable], drop))


def curve(now: dict, then: dict, cover1: dict, order: list[str], training: str) -> list[dict]:
    """For each (drop, evidence): per blind set and pooled, supported kept and unsupported kept, each set judged by the
    rules of then and a score fitted on the sets before it ("time") or on every other set ("left out")."""
    ids = list(now)
    sets = np.array([now[i]["set"] for i in ids])
    rows = np.array([now[i]["row"] for i in ids])
    labels = np.array([now[i]["label"] for i in ids])
    scorable = np.array([now[i]["broken"] is None for i in ids])
    rank = {name: n for n, name in enumerate(order)}
    group = {name: next(c for c, names in SNAPSHOTS.items() if name in names) for names in SNAPSHOTS.values()
             for name in names}
    arrival = {c: n for n, c in enumerate(SNAPSHOTS)}
    blind = [name for name in order if name in group]
    out = []
    for drop in DROPS:
        fitted = {}
        for name in blind:
            if name == UNSEEN:  # every set before it
                train = sets != UNSEEN
            elif training == "time":  # the sets that arrived before this one's commit (not those measured with it)
                train = np.array([s not in group or arrival[group[s]] < arrival[group[name]] for s in sets])
                train &= np.array([rank[s] < rank[name] for s in sets]) | np.array([s not in group for s in sets])
            else:
                train = (sets != name) & (sets != UNSEEN)
            fitted[name] = fit(rows[train], labels[train], scorable[train], drop)
        for least_similarity, least_coverage, least_cover in EVIDENCE:
            figures = {}
            for name in blind:
                model, threshold = fitted[name]
                test = [i for i in ids if now[i]["set"] == name]
                kept = []
                for i in test:
                    clauses = np.array(now[i]["clauses"], dtype=float).reshape(-1, rows.shape[1])
                    kept.append(then[i]["broken"] is None
                                and model.predict_proba([now[i]["row"]])[0, 1] >= threshold
                                and (not len(clauses) or model.predict_proba(clauses)[:, 1].min() >= CLAUSE_CHANCE)
                                and now[i]["row"][0] >= least_similarity and now[i]["row"][1] >= least_coverage
                                and cover1[i] >= least_cover)
                label = np.array([now[i]["label"] for i in test])
                kept = np.array(kept)
                figures[name] = {"supported_kept": int(kept[label].sum()), "supported": int(label.sum()),
                                 "unsupported_kept": int(kept[~label].sum()), "unsupported": int((~label).sum()),
                                 "leaks": [i for i, k, l in zip(test, kept, label) if k and not l]}
            chosen = [f for name, f in figures.items() if name != UNSEEN]
            pooled = {key: sum(f[key] for f in chosen) for key in ("supported_kept", "supported", "unsupported_kept",
                                                                   "unsupported")}
            out.append({"drop": drop, "least_similarity": least_similarity, "least_coverage": least_coverage,
                        "least_cover_one": least_cover,
                        "pooled": pooled, "worst": max(f["unsupported_kept"] for f in chosen), "sets": figures})
    return out


def main() -> int:
    from evals.fit_support import load

    cache = Path(os.environ.get("TWITCHQA_HOME", ".twitchqa")) / "support_curve"
    then, now = collect(cache)
    items = [item for path in [*DATA, HERE / UNSEEN] for item in load(path)]
    cover_file = cache / "cover1.json"
    if not cover_file.exists():
        cover_file.write_text(json.dumps(one_sentence_coverage(items)))
    cover1 = json.loads(cover_file.read_text())
    # Check of then, as it ran: what its recorded figures say.
    for name in dict.fromkeys(r["set"] for r in then.values()):
        rs = [r for r in then.values() if r["set"] == name]
        print(f"{name}: the check of then kept {sum(r['kept_then'] for r in rs if r['label'])} of "
              f"{sum(r['label'] for r in rs)} supported, {sum(r['kept_then'] for r in rs if not r['label'])} of "
              f"{sum(not r['label'] for r in rs)} unsupported")
    order = [p.name for p in DATA] + [UNSEEN]
    results = {}
    for training in ("time", "left out"):
        results[training] = curve(now, {**now, **then}, cover1, order, training)
        blind = sum(len(names) for names in SNAPSHOTS.values()) - 1
        print(f"\nscore fitted on {'the sets before each' if training == 'time' else 'every other set'}; rules of "
              f"then; pooled over {blind} blind sets (set 28 apart)")
        print("drop  sim  cover  cover1  supported kept   unsupported kept  worst set | set 28 supported, unsupported")
        for r in results[training]:
            p, u = r["pooled"], r["sets"][UNSEEN]
            print(f"{r['drop']:.2f}  {r['least_similarity']:.2f}  {r['least_coverage']:.1f}  {r['least_cover_one']:.1f}   "
                  f"{p['supported_kept'] / p['supported']:.3f} ({p['supported_kept']}/{p['supported']})  "
                  f"{p['unsupported_kept'] / p['unsupported']:.3f} ({p['unsupported_kept']}/{p['unsupported']})  "
                  f"{r['worst']} | {u['supported_kept'] / u['supported']:.3f}, {u['unsupported_kept']}/"
                  f"{u['unsupported']}")
    (cache / "curve.json").write_text(json.dumps(results, indent=1))
    print(f"\nwrote {cache / 'curve.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
