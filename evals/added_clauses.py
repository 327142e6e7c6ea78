"""Synthetic added clauses: how often the written-sentence check keeps a faithful sentence carrying a clause its
passage does not state (the measurement behind bot.each_clause.CLAUSE_CHANCE).

    python -m evals.added_clauses        # needs the index (make index)

Each supported, single-passage sentence of evals/written_sentences*.jsonl gets one clause of 3-7 content words
appended, taken from a supported sentence about another passage of the same article ("…, which may need a medical
evaluation"), when at most half of the clause's words are in its own passage. The result is labelled unsupported: a
claim of the articles, but not of the passage cited. Synthetic, so it shows the mechanism, not what a model writes.
"""
from __future__ import annotations

import json

from bot.coverage import content_words
from bot.each_clause import clauses_of
from bot.text import stem
from evals.fit_support import DATA, load, measure, sentence_of

OPENERS = ("and", "which", "but", "so", "while")


def added_clause_items(items: list[dict]) -> list[dict]:
    """The synthetic sentences, deterministic: labelled items in, unsupported items out."""
    items = [i for i in items if i["supported"] and len(i["passages"]) == 1 and len(sentence_of(i["sentence"]).cites) == 1]
    pool = [(item, clause) for item in items for clause in clauses_of(sentence_of(item["sentence"]).text)[1:]
            if 3 <= len(content_words(clause)) <= 7 and clause.split()[0].lower() in OPENERS]
    out = []
    for k, item in enumerate(items):
        own = {stem(w) for w in content_words(item["passages"][0])}
        for step in range(1, len(pool)):
            other, clause = pool[(k * 13 + step * 7) % len(pool)]
            if (other["doc_ids"] != item["doc_ids"] or other["passages"][0] in item["passages"][0]
                    or item["passages"][0] in other["passages"][0]):
                continue
            words = [stem(w) for w in content_words(clause)]
            if sum(w in own for w in words) / len(words) > 0.5:
                continue
            text = sentence_of(item["sentence"]).text.rstrip(".!? ")
            out.append({**item, "id": f"added-{item['id']}+{other['id']}", "sentence": f"{text}, {clause} [1].",
                        "supported": False, "why": "added clause (synthetic)"})
            break
    return out


def main() -> int:
    from bot.library import Library
    from bot.support import Support
    from bot.written import reading_order
    from ingest.embed import Embedder
    from ingest.settings import Settings

    embedder = Embedder()
    library = Library(Settings.from_env().home, embedder.model_id)
    support = Support(embedder, articles=[s.readable for s in reading_order(library)])
    items = added_clause_items([item for path in DATA for item in load(path)])
    print(json.dumps(measure(support, items, library)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
