"""Which articles a question names ("the Dr.Oracle page", "the Martinos post", "the 'when to be concerned'
article"), so an answer to "what does the Martinos post say…" opens from that post (bot.extractive)."""
from __future__ import annotations

import re

import numpy as np

from bot.memo import once_per
from bot.text import terms

# How strongly a question must name an article (ArticleNames' weight: a name the articles' text never says,
# "Oracle", weighs 0.92 when two articles share it and 1.41 for one; a title word beside "article" 1.15-1.21; a
# title word the text uses often, "causes", 0.28), so a word shared with a title in passing opens nothing.
NAMED_WEIGHT = 0.5
# A question about an article's writer (as bot.claims.AUTHOR reads it: "who wrote the blog", "the author").
WRITER = re.compile(r"\b(?:author|writer|wrote|written)\b", re.IGNORECASE)

NAME_SPLIT = re.compile(r"[.\-/_]")  # "Dr.Oracle", "martinos-twitching-part-1": each part a word
# A question speaking of a document: the nouns English names a written piece by (examples that must and must not
# match: tests/test_names.py).
DOCUMENT = re.compile(r"\b(?:article|page|post|blog|website|site|guide|piece|write-?up)s?\b", re.IGNORECASE)


class ArticleNames:
    """Which articles a question names ("the Dr.Oracle page", "the Martinos post", "the 'when to be concerned'
    article"): by a word of an article's publisher or author, or, when the question speaks of a document
    (DOCUMENT), by a word of its title or id. Each word is weighted by how few articles it names (log(articles /
    articles named by it): "twitching", in every title, names none) times how seldom the articles' sentences use
    it (its inverse sentence frequency over the most a word can have): a name the text seldom says ("Oracle",
    "Martinos") weighs most. Title words count only beside a document's noun because they are topics too: "how
    to prevent twitching" asks about prevention, not about "Muscle twitches: causes, treatment and prevention".
    Words under three letters (initials, "Dr", "PT", "1") are left out."""

    def __init__(self, library):
        self.docs: dict[str, set[str]] = {}  # name word -> the articles whose names use it
        self.titles: dict[str, set[str]] = {}  # title or id word -> the articles whose titles or ids use it
        for article in library.articles.values():
            meta = " ".join(str(article.meta.get(key, "")) for key in ("publisher", "author"))
            for found, text in ((self.docs, meta), (self.titles, f"{article.title} {article.id}")):
                for word in set(terms(NAME_SPLIT.sub(" ", text))):
                    if len(word) >= 3:
                        found.setdefault(word, set()).add(article.id)
        total, sentences = max(len(library.articles), 1), max(len(library.sentences), 2)

        def weight(docs: dict[str, set[str]]) -> dict[str, float]:
            return {word: float(np.log(total / len(named)) * np.log(sentences / (1 + library.term_sentences.get(word, 0)))
                                / np.log(sentences)) for word, named in docs.items()}
        self.weight, self.title_weight = weight(self.docs), weight(self.titles)
        # the articles with a named author, named by a question about "the writer" as by a name (log(total / them))
        self.authored = sorted(a.id for a in library.articles.values() if a.meta.get("author"))
        self.authored_weight = float(np.log(total / len(self.authored))) if self.authored else 0.0

    def named(self, query: str, by_role: bool = True) -> dict[str, float]:
        """article id -> the summed weight of the question's words that name it (only articles named at all).

        Example: "what does the Martinos post say about atrophy?" -> {"martinos-twitching-part-1": 1.41}; a
        question about the writer naming no article by a word names the articles that have an author (unless not
        `by_role`: "who wrote the song Muscle Museum" names no article by a word, bot.sources).
        """
        found: dict[str, float] = {}
        words = sorted(set(terms(NAME_SPLIT.sub(" ", query))))
        sources = [(self.docs, self.weight)] + ([(self.titles, self.title_weight)] if DOCUMENT.search(query) else [])
        for docs, weight in sources:
            for word in words:
                for doc in sorted(docs.get(word, ())):
                    found[doc] = found.get(doc, 0.0) + weight[word]
        if by_role and not any(found.values()) and WRITER.search(query):  # "the physical therapist who wrote that blog", named
            found = {doc: self.authored_weight for doc in self.authored}  # by no word: the articles with an author
        return found


# The library's ArticleNames, made once per library.
article_names = once_per(ArticleNames)


def named_opener(library, query: str, claims: list, likely: np.ndarray, share: float) -> int | None:
    """The position of the most likely claim of the articles the question names most strongly ("In the Martinos
    post, what does he say you should do if the twitching comes with muscle atrophy?" opens with that post's "If you
    have muscle twitching combined with muscle atrophy…", not another article's "If twitching persists beyond a few
    weeks…"), when the best claim (by `likely`, log-odds) is another article's and this one is at least `share` as
    likely; None otherwise, and when the question names no article as strongly as NAMED_WEIGHT. The articles named
    most strongly are one, or several a shared name names equally: "per Dr.Oracle" names both of its pages (0.92
    each), and either page answers it before another publisher's does."""
    if share > 1 or not len(likely) or not np.isfinite(likely).any():
        return None
    named = article_names(library).named(query)
    top = max(named.values(), default=0.0)
    if top < NAMED_WEIGHT:
        return None
    strongest = {doc for doc, weight in named.items() if weight >= top - 1e-9}
    own = [j for j in range(len(claims)) if np.isfinite(likely[j])
           and library.sentences[claims[j].sentences[0]].doc_id in strongest]
    best = int(np.argmax(likely))
    if not own or best in own:
        return None
    pick = max(own, key=lambda j: likely[j])
    probability = 1 / (1 + np.exp(-likely[[pick, best]]))
    return pick if probability[0] >= share * probability[1] else None
