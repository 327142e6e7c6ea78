"""Which articles a question names ("the Dr.Oracle page", "the Martinos post", "the 'when to be concerned'
article"), so an answer to "what does the Martinos post say…" opens from that post (bot.extractive)."""
from __future__ import annotations

import re

import numpy as np

from bot.memo import once_per
from bot.text import STOPWORDS, TOKEN, stem, terms

# How strongly a question must name an article (ArticleNames' weight: a name the articles' text never says,
# "Oracle", weighs 0.92 when two articles share it and 1.41 for one; a title word beside "article" 1.15-1.21; a
# title word the text uses often, "causes", 0.28), so a word shared with a title in passing opens nothing.
NAMED_WEIGHT = 0.5
# A question about an article's writer (as bot.claims.AUTHOR reads it: "who wrote the blog", "the author").
WRITER = re.compile(r"\b(?:author|writer|wrote|written)\b", re.IGNORECASE)

# A title said in the question names its article whatever its words weigh: "the 'Why do muscles twitch?' page", "per
# the why muscles twitch page" (each of those words is in every title or most sentences, weight 0, so before this
# neither named the page and the answer came from other articles: w-ans-15, w-ans-18, y-ans-14). Compared as words in
# order, leaving out the closed class a reader drops when repeating a title (articles, auxiliaries, "to", "of"): a
# run of at least two of the title's words, marked as a name by a quote mark or a document's noun right beside it
# ("the 'when to be concerned' article"), or of three with a word that isn't one of the articles' subject words
# ("causes, treatment and prevention"). "why do my muscles twitch" says three words of "My Muscles are Twitching" but
# is no name: unmarked, and its content words are the articles' subject words.
GRAMMAR = frozenset("a an the do does did is are was were be to of".split())
QUOTE = re.compile(r"""['"‘“”]""")
KEPT_QUERIES = 256  # questions whose names ArticleNames.named keeps (a question's readings ask 3-4 times)
TITLE_WEIGHT = 1.5  # above any name word's (1.41, "Oracle" naming one article), so the title decides

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
        self.title_words = {a.id: title_words(a.title) for a in library.articles.values()}
        # the words every title uses and the articles' subject words (in a quarter of the sentences): no name
        self.common = set.intersection(*map(set, self.title_words.values())) | set(library.subject_terms) \
            if self.title_words else set()
        self.authored = sorted(a.id for a in library.articles.values() if a.meta.get("author"))
        self.authored_weight = float(np.log(total / len(self.authored))) if self.authored else 0.0
        # query and flags -> what `named` found: one question is read for the names it gives 3-4 times an ask (answerability,
        # the opener, the article it names, the source asked about), each time the same (warm34: 1.5 repeats an ask)
        self.found: dict[tuple[str, bool, bool], dict[str, float]] = {}

    def named(self, query: str, by_role: bool = True, marked_titles: bool = False) -> dict[str, float]:
        """article id -> the summed weight of the question's words that name it (only articles named at all).

        Example: "what does the Martinos post say about atrophy?" -> {"martinos-twitching-part-1": 1.41}; a
        question about the writer naming no article by a word names the articles that have an author (unless not
        `by_role`: "who wrote the song Muscle Museum" names no article by a word, bot.sources).
        """
        key = (query, by_role, marked_titles)
        if key not in self.found:
            if len(self.found) >= KEPT_QUERIES:
                self.found.clear()  # a server asked for years: bounded
            self.found[key] = self.names_in(query, by_role, marked_titles)
        return dict(self.found[key])  # a copy: a caller may add to it

    def names_in(self, query: str, by_role: bool, marked_titles: bool) -> dict[str, float]:
        """named(), found."""
        found: dict[str, float] = {}
        words = sorted(set(terms(NAME_SPLIT.sub(" ", query))))
        sources = [(self.docs, self.weight)] + ([(self.titles, self.title_weight)] if DOCUMENT.search(query) else [])
        # title words beside a quote mark or a document's noun, or one word from it in the same sentence ("the random
        # twitches article"; not "Is ALS common? The twitching article")
        beside = set()
        for sentence in re.split(r"[?!.;:]\s", query):
            said, marked = marked_words(sentence)
            beside |= {said[j] for i in marked for j in (i - 1, i, i + 1) if 0 <= j < len(said)}
        for docs, weight in sources:
            for word in words:
                if marked_titles and docs is self.titles and word not in beside:
                    continue
                for doc in sorted(docs.get(word, ())):
                    found[doc] = found.get(doc, 0.0) + weight[word]
        if DOCUMENT.search(query):
            said, marked = marked_words(query)
            for doc, title in self.title_words.items():
                if says_title(said, marked, title, self.common):
                    found[doc] = found.get(doc, 0.0) + TITLE_WEIGHT
        if by_role and not any(found.values()) and WRITER.search(query):  # "the physical therapist who wrote that blog", named
            found = {doc: self.authored_weight for doc in self.authored}  # by no word: the articles with an author
        return found


def title_words(text: str) -> list[str]:
    """The words of a text as a title is compared: stems, the GRAMMAR words left out.

    Example: "Why do muscles twitch?" -> ["why", "muscl", "twitch"]
    """
    return [stem(t) for t in TOKEN.findall(text.lower().replace("’", "'")) if t not in GRAMMAR]


def marked_words(text: str) -> tuple[list[str], set[int]]:
    """(title_words of a question, the positions of those right after or right before a mark: a quote mark or a
    document's noun, DOCUMENT, with no word between).

    Example: "the 'when to be concerned' article" -> (["when", "concern", "articl"], {0, 1})
    """
    said, marked, after_mark = [], set(), False
    for match in re.finditer(TOKEN.pattern + "|" + QUOTE.pattern, text.lower().replace("’", "'")):
        token = match.group()
        if QUOTE.fullmatch(token) or DOCUMENT.fullmatch(token):
            if said and not after_mark and last_raw == len(said) - 1:
                marked.add(len(said) - 1)
            after_mark = True
            last_raw = -1
            if QUOTE.fullmatch(token):
                continue
        elif after_mark and token not in GRAMMAR:
            marked.add(len(said))
        if token not in GRAMMAR:
            said.append(stem(token))
            last_raw = len(said) - 1
        else:
            last_raw = -1
        after_mark = False
    return said, marked


def says_title(said: list[str], marked: set[int], title: list[str], common: set[str]) -> bool:
    """Whether a question's words (`said`, `marked`: marked_words) hold a run of the title's words in its order that
    names it, with a word not `common` to every title: two beginning or ending at a mark, or three with a content
    word (not STOPWORDS) that is neither common nor one of the articles' subject words (in `common` too)."""
    for size in range(len(title), 1, -1):
        for start in range(len(title) - size + 1):
            span = title[start:start + size]
            if all(t in common for t in span):
                continue
            for i in range(len(said) - size + 1):
                if said[i:i + size] != span:
                    continue
                if i in marked or i + size - 1 in marked \
                        or size >= 3 and any(t not in STOPWORDS and t not in common for t in span):
                    return True
    return False


# The library's ArticleNames, made once per library.
# Tried and not kept (named42, session 22): searching a question that names an article without its naming words (the
# publisher's or author's name, the document's noun, a quoted title), since those rare words weigh most in the search
# vector. Gold, held-out and unseen training-at: no answer changed; spent training-ar and sealed aq (6 and 4 answers
# changed): facts 0.750 -> 0.739 and 0.870 -> 0.859, first claim 0.791 -> 0.780 and 0.815 -> 0.804. What the named
# question misses is seldom retrieval: "In the Martinos PT blog, when does he say you should get medical help right
# away?" stays as far (0.16) from the blog's "…combined with muscle atrophy, you should seek immediate medical attention".
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


def named_articles(library, query: str) -> set[str]:
    """The articles a question names outright, the strongest of them: by its publisher's or author's name, its title
    said, or a title word right beside a document's noun ("the random twitches article", "the Dr.Oracle causes page");
    empty when none weighs NAMED_WEIGHT. Stricter than named_opener's reading, as it decides which articles may be
    quoted at all (bot.extractive.ExtractiveAnswerer.may_say): a title word said in passing ("how common is ALS? every
    forum post…", "Common Reasons"; "the treatment list on the dr oracle page", "…causes, treatment and prevention")
    named the wrong article in 5 of the 285 spent named messages; the writer by role only beside a document's noun.

    Example: "the treatment and management list on the dr oracle page" -> both Dr.Oracle pages (0.92 each)
    """
    # the writer by role only when the question speaks of a document: "the physio who wrote that twitching blog", not
    # "My neurologist wrote 'fasciculations' in my notes" (bp-ans-28)
    found = article_names(library).named(query, by_role=bool(DOCUMENT.search(query)), marked_titles=True)
    top = max(found.values(), default=0.0)
    return {doc for doc, weight in found.items() if weight >= top - 1e-9} if top >= NAMED_WEIGHT else set()
