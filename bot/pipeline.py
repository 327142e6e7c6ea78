"""The bot: one question through the stages, each a plain call into the module that owns it.

    spelling (bot.spelling) → triage (bot.triage) → contextualize (bot.followup) → retrieve (bot.retrieve) → decide
    (bot.answerable) → answer (an Answerer: bot.extractive) → verify (bot.verify) → Answer (bot.contract)

`Bot` is built once (model and index loaded) and asked any number of questions; the CLI, the web
page and the evals use only its public methods.
"""
from __future__ import annotations

import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

import numpy as np

from bot.spelling import Speller  # first: see its wordfreq import
from bot.answerable import Answerability, Decision, refusal_text
from bot.asked import looked_up
from bot.answerer import Answerer, Draft
from bot.claims import ClaimIndex
from bot.contract import Answer
from bot.denied_signs import without_denied_signs
from bot.emergency import PLAIN_LINE, REASON as NO_SIGN
from bot.evidence import Evidence, gather
from bot.questions import compares, leans_on, split_questions
from bot.qualifier import notice as qualifier_notice
from bot.extractive import ExtractiveAnswerer
from bot import frozen
from bot.follow import Follow, quotes_the_files_as_they_are, reads_the_index
from bot.followup import read_as_followup, readings
from bot.referent import other_of, unanchored_pronoun
from bot.language import not_in_english, other_language
from bot.library import Library
from bot.request import check_question, check_request
from bot.said import said_terms
from bot.retrieve import HybridRetriever
from bot.text import terms
from bot.triage import SEE_CLINICIAN_TEXT, described, states_dose, triage, with_dosing
from bot.triage import model as triage_model
from bot.verify import verify
from bot.worried import reads_worried, sentences as message_sentences
from bot.written import ModelSettings, open_written
from ingest.embed import MODEL_ID, Embedder
from ingest.errors import QuestionError
from ingest.load import Article
from ingest.onnx_embed import query_embedder
from ingest.manifest import manifest_stamp

# How many top passages an answer draws claims from. Fact recall is 0.942 at 8, 0.950 from 9 to 12 (the list
# of nerve conditions "twitching that won't go away" could point to ranks 9th).
DEPTH = 10
# ...and the passages holding the question's 3 closest sentences (the search's own sentence ranking) join them when
# the fused score left them out (HybridRetriever.search's `also`): a sentence that answers can sit in a long passage
# whose own vector the rest dilutes ("There are also several other reasons including exercise…" under "besides
# stress and coffee what other reasons does the physio mention": 7th on the fused score, crowded out of the ten).
# On the 28 spent sets' 2,699 answered items (evals.rank_losses), items whose gold sentence no candidate quotes
# 108 -> 103 / 94 / 86 at 1 / 3 / 5; with the relevance model refitted on the new candidates, left out in six groups
# of sets, first claims on evidence 1,787 -> 1,786 / 1,798 / 1,789 and all facts among the kept claims 2,241 ->
# 2,246 / 2,256 / 2,252. Candidates change in 109 / 868 / 1,799 of the 2,699, the others' stay as they were. (missed29)
CLOSEST = 3
WARNING_SIGNS = ("urgent", "see_clinician")
FIRST_STATEMENT = re.compile(r".*?(?:\[\d+\])+")  # a draft's first quote with its markers
# What the articles' warning signs are about, as one search: the see_clinician notice's own summary.
WARNING_SIGNS_TEXT = SEE_CLINICIAN_TEXT


def check_history(history) -> list[dict]:
    """The conversation so far as {"role", "content"} dicts; QuestionError when it has another shape."""
    if history is None:
        return []
    if not isinstance(history, list) or not all(
            isinstance(t, dict) and t.get("role") in ("user", "assistant") and isinstance(t.get("content"), str)
            for t in history):
        raise QuestionError('history must be a list of {"role": "user"|"assistant", "content": str}')
    return [{"role": t["role"], "content": t["content"]} for t in history]


class Bot:
    """Built once (model and index loaded), then asked any number of questions."""

    def __init__(self, library: Library, embedder: Embedder, answerer: Answerer | None = None,
                 answerability: Answerability | None = None, depth: int = DEPTH,
                 writer: ModelSettings | None = None):
        self.library = library
        self.embedder = embedder
        self.claims = ClaimIndex(library)
        self.speller = Speller(library.words)
        self.quoting = answerer or ExtractiveAnswerer(self.claims)
        # Opt-in (--llm): a model writes from the quoting answerer's claims; bot.support checks each sentence.
        self.writer = writer
        self.answerer = open_written(self.quoting, writer, embedder, library) if writer else self.quoting
        self.answerability = answerability or Answerability()
        self.depth = depth  # passages retrieved per question
        self.retriever = HybridRetriever(library=library, embedder=embedder, k=depth)
        self.warning_sign_passages: dict[int, list] = {}  # depth -> the passages the warning signs' text finds
        self.follow = Follow()  # switches to a newly finished index between questions (bot.follow)

    @classmethod
    def open(cls, home: Path, embedder: Embedder | None = None, chroma_url: str | None = None, **options) -> "Bot":
        """Load the index in `home` (or on the Chroma server at `chroma_url`); IndexMissing / IndexMismatch say
        which command fixes it, StoreUnreachable names a server that does not answer."""
        library = Library(Path(home), embedder.model_id if embedder else MODEL_ID, chroma_url=chroma_url)
        embedder = embedder or query_embedder(Path(home))  # ONNX, not torch, once an index is there
        bot = cls(library, embedder, **options)
        # Load the model now, not on the first question, with a text every question compares with: kept from here on.
        embedder.query_pair(WARNING_SIGNS_TEXT, bot.library.token_weights)
        triage_model()  # and the triage classifier (its n-gram tables take about a second to read)
        return bot

    def follow_index(self, wait: bool = False) -> None:
        """Switch to the index an ingest finished since this one was loaded, if any (one stat when none):
        in the background while this one keeps answering, or now when `wait`."""
        self.library.poll(force=wait)  # on a Chroma server: the ingest may have run on another machine
        stamp = manifest_stamp(self.library.home)
        if stamp != self.library.stamp and (wait or stamp != self.follow.failed_stamp):
            self.follow.load(self.switch_to_newest, wait)

    def switch_to_newest(self) -> None:
        """Load the newest index and swap every part built from the index at once (see bot.follow)."""
        if not self.library.outdated():
            return  # a background load got there first
        stamp = manifest_stamp(self.library.home)
        try:
            library = Library(self.library.origin, self.embedder.model_id, chroma_url=self.library.chroma_url)
        except Exception:
            self.follow.failed_stamp = stamp
            raise
        own_answerer = isinstance(self.quoting, ExtractiveAnswerer) and self.quoting.claims is self.claims
        fresh = type(self)(library, self.embedder, answerability=self.answerability, depth=self.depth,
                           writer=self.writer, **({} if own_answerer else {"answerer": self.quoting}))
        with frozen.released(), self.follow.swapping():  # a frozen old library is freed (bot.frozen)
            vars(self).update({name: value for name, value in vars(fresh).items() if name != "follow"})

    @reads_the_index
    @quotes_the_files_as_they_are
    def ask(self, question: str, history: list[dict] | None = None,
            on_text: Callable[[str], None] | None = None) -> Answer:
        """Answer one question (with the conversation so far) from the articles. With a model (--llm),
        `on_text` gets the written answer's supported sentences so far, as the model writes them."""
        began = time.perf_counter()
        check_request(question, history)
        question, history = check_question(question), check_history(history)
        if language := other_language(question):  # Spanish, German…: not read as English with unknown words
            notices = triage(question, self.meaning(question), self.meaning)
            return not_in_english(question, language, notices, {"total": ms(time.perf_counter() - began)})
        notices, evidence, retrieving = self.understand(question, history)
        query = evidence.query
        retrieved = time.perf_counter()
        if any(n["kind"] == "urgent" for n in notices):  # the matching sign alone, or the bot's own line (bot.emergency)
            return self.under_emergency(question, evidence, notices, on_text,
                                        {"retrieve": ms(retrieved - retrieving), "began": began, "retrieved": retrieved})
        decision = self.answerability.decide(evidence, self.claims, self.meaning,
                                             describes_signs=any(n["kind"] in WARNING_SIGNS for n in notices),
                                             dose_asked=any(n["kind"] == "dosing" for n in notices))
        draft = None
        if decision.answerable:
            general = decision.general  # whom or in what form the articles don't speak of (bot.qualifier)
            draft = self.write(evidence, False, on_text)  # an emergency was answered above (under_emergency)
            decision = verify(query, draft)
            if general and decision.answerable:
                draft = replace(draft, text=f"{qualifier_notice(general)} {draft.text}")
            if not decision.answerable and draft.answerer != "extractive":
                quoted = replace(self.quoting.answer(evidence),
                                 fallback_reason="the written answer did not give the amount asked for")
                if verify(query, quoted).answerable:  # the quotes give the amount the written answer left out
                    draft, decision = quoted, verify(query, quoted)
        answered = time.perf_counter()
        text, citations = (draft.text, draft.citations) if decision.answerable else self.refusal(evidence, decision)
        if any(states_dose(c.text) for c in citations):
            notices = with_dosing(notices)  # an article's dose is quoted: the same caution as a dose asked for
        if decision.answerable:
            frozen.settle()  # the first answer's once-per-index parts frozen as well (bot.frozen)
        return Answer(
            question=question, search_query=query, answer=text, refused=not decision.answerable,
            citations=citations, notices=notices, refusal_reason=decision.reason,
            answerer=draft.answerer if draft and decision.answerable else "extractive",
            sentences=draft.sentences if draft and decision.answerable else [],
            fallback_reason=draft.fallback_reason if draft and decision.answerable else None,
            timings_ms={"retrieve": ms(retrieved - retrieving), "answer": ms(answered - retrieved),
                        "total": ms(answered - began)},
        )

    def under_emergency(self, question: str, evidence: Evidence, notices: list[dict],
                        on_text: Callable[[str], None] | None, times: dict) -> Answer:
        """Under an `urgent` notice: the warning sign the articles list that matches the emergency, quoted alone, or,
        when none does, no article text but one plain line in the bot's own words, refused (bot.emergency). Neither
        the answerability policy nor a model reads it: what answers is the sign, whatever the question asks."""
        draft = self.write(evidence, True, on_text)
        quoted = bool(draft.citations)
        if quoted and any(states_dose(c.text) for c in draft.citations):
            notices = with_dosing(notices)
        answered = time.perf_counter()
        return Answer(
            question=question, search_query=evidence.query, answer=draft.text if quoted else PLAIN_LINE,
            refused=not quoted, citations=draft.citations if quoted else [], notices=notices,
            refusal_reason=None if quoted else NO_SIGN, answerer="extractive", sentences=[],
            fallback_reason=draft.fallback_reason if quoted else None,
            timings_ms={"retrieve": times["retrieve"], "answer": ms(answered - times["retrieved"]),
                        "total": ms(answered - times["began"])},
        )

    def write(self, evidence: Evidence, urgent: bool, on_text: Callable[[str], None] | None) -> Draft:
        """The draft answer: quoted, or written by the model (--llm). An urgent question never reaches a model."""
        if self.answerer is self.quoting:
            return self.quoting.answer(evidence)
        if urgent:
            return replace(self.quoting.answer(evidence), fallback_reason="an urgent question is answered with quotes only")
        return self.answerer.answer(evidence, on_text=on_text) if on_text else self.answerer.answer(evidence)

    def understand(self, question: str, history: list[dict]) -> tuple[list[dict], Evidence, float]:
        """(notices, evidence, when retrieval began) for a checked question: spelling, triage, then the
        evidence (contextualized; under an emergency, toward the warning signs). The answerability
        policy decides from these; `evals.fit_answerable` fits it on the same."""
        spelled = self.speller.correct(question)
        self.ahead(spelled)
        notices = triage(spelled, self.meaning(spelled), self.meaning)
        retrieving = time.perf_counter()
        evidence = self.evidence_for(spelled, history)  # contextualize, retrieve, gather the claims
        if any(n["kind"] == "urgent" for n in notices):
            evidence = self.toward_warning_signs(evidence)
        else:
            evidence = self.with_parts(evidence, spelled, history)
        if any(n["kind"] in WARNING_SIGNS for n in notices):
            evidence = replace(evidence, describes_signs=True,
                               parts=tuple(replace(p, describes_signs=True) for p in evidence.parts))
        elif reads_worried(spelled, self.meaning):  # under warning signs the signs answer, worried or not
            evidence = replace(evidence, worried=True, parts=tuple(replace(p, worried=True) for p in evidence.parts))
        return notices, evidence, retrieving

    def with_parts(self, evidence: Evidence, question: str, history: list[dict]) -> Evidence:
        """The evidence with each question's own when the message asks several (bot.questions): a question
        after the first is read as a follow-up of the one before it when it leans on it."""
        parts = split_questions(question, self.library.subject_terms)
        if len(parts) < 2:
            return evidence
        return replace(evidence, parts=tuple(self.part_evidence(parts, n, history) for n in range(len(parts))))

    def part_evidence(self, parts: list[str], n: int, history: list[dict]) -> Evidence:
        """The n-th question's evidence: a comparison's thing is searched alone and carries what it compares;
        the first question is searched as asked; a later one is glued to the one before it (or what it leans on)."""
        if thing := compares(parts, n):
            return replace(self.evidence_for(parts[n], history), compares=thing)
        if not n:
            return self.evidence_for(parts[n], history)
        lean = leans_on(parts, n)
        return self.evidence_for(parts[n], [*history, {"role": "user", "content": lean or parts[n - 1]}],
                                 joined=True, lean=lean is not None)

    def refusal(self, evidence: Evidence, decision: Decision) -> tuple[str, list]:
        """The refusal and its citations. When the articles cover the topic but not what the question names
        ("Can statins cause twitching?"), it says so first, then quotes what they do say that comes closest
        ("What the articles do say: Certain drugs… may trigger twitching as a side effect. [1]"). Otherwise
        the plain refusal, naming the closest articles."""
        if decision.show_closest:
            # a refused question never reaches a model; its closest claim is the relevance model's best, not the
            # opener model's choice (bot.opener was fitted on answered questions)
            quoting = replace(self.quoting, choose_opener=False) if isinstance(self.quoting, ExtractiveAnswerer) \
                else self.quoting
            draft = quoting.answer(evidence)
            closest = FIRST_STATEMENT.match(draft.text)
            if closest:
                cited = {int(n) for n in re.findall(r"\[(\d+)\]", closest.group(0))}
                return (f"{refusal_text([], decision.missing)} What the articles do say: {closest.group(0)}",
                        [c for c in draft.citations if c.n in cited])
        titles = dict.fromkeys(self.library.articles[d.metadata["doc_id"]].title for d in evidence.documents[:5])
        return refusal_text(list(titles)[:2], decision.missing), []

    # --- what the adapters (CLI, web page, evals) read ---------------------------------------------

    def articles(self) -> dict[str, Article]:
        """doc_id -> every indexed article."""
        return dict(self.library.articles)

    def passage_counts(self) -> dict[str, int]:
        """doc_id -> number of passages indexed."""
        return self.library.passage_counts()

    def passage_spans(self) -> dict[str, list[tuple[int, int]]]:
        """doc_id -> the [start, end) span of each of its passages."""
        return self.library.passage_spans()

    @property
    def min_relevance(self) -> float:
        """The refusal threshold on `relevance`."""
        return self.answerability.min_relevance

    @reads_the_index
    def retrieve(self, query: str, k: int = DEPTH) -> list[dict]:
        """The top passages for a search query, best first, each with its exact span."""
        out = []
        for doc in self.retriever.search(query, k):
            meta = doc.metadata
            out.append({"doc_id": meta["doc_id"], "start": meta["start"], "end": meta["end"],
                        "text": doc.page_content, "score": meta["score"], "heading": meta["heading"]})
        return out

    @reads_the_index
    def relevance(self, question: str, history: list[dict] | None = None) -> float:
        """How close the articles come to the question: the refusal signal (see Evidence.best)."""
        return self.evidence(question, history).best

    @reads_the_index
    def evidence(self, question: str, history: list[dict] | None = None) -> Evidence:
        """The evidence the answer would be made from (for fitting and tracing the policies)."""
        return self.evidence_for(self.speller.correct(check_question(question)), check_history(history))

    def evidence_for(self, question: str, history: list[dict], joined: bool = False,
                     lean: bool = False) -> Evidence:
        """The retrieved passages and claims for a (spelled) question: read as a follow-up, glued to
        the earlier question, only when the articles don't answer it confidently as it stands and the
        earlier question brings them closer ("When should I worry about muscle twitching?" stands on
        its own whatever came before; "What level counts as low?" doesn't). `joined`: a later question of
        one message, whose last user turn is the question before it in the message; `lean`: one joined to it in
        a sentence that names its subject by a pronoun ("What is Isaacs syndrome and why does it cause twitching?",
        bot.questions.leans_on), always read with it."""
        alone = self.gather(question, question)
        vector = self.meaning(question) if history else None
        # A question asked in the same breath as the one before ("So how much coffee should I cut down to? And is
        # there a best time of day?", "…which specialist do you see…? GP, neuro, something else?") leans on it also
        # when the articles don't answer it as it stands: its writer left the subject to the question before. On
        # the labelled sets' 25 messages of several questions, 6 of the 10 that missed a fact asked a second one
        # like these (under 0.40 alone: 0.30, 0.35, 0.18).
        unanswered = joined and alone.best < self.answerability.min_relevance
        # "what did he say about twitches in healthy people?" after "who is Jun Kimura…?": a "he" nothing in the
        # message names is the earlier turn's person, however many words of its own the question has (bot.referent)
        someone = bool(history) and not joined and unanchored_pronoun(question)
        glued, *more = readings(question, history, vector,
                                leans=True if unanswered or lean or someone else None)[1:] or [question]
        if glued == question:
            return self.after(alone, history)  # it stands on its own
        # The fitted reader takes a message for a follow-up only when it points back ("what usually causes that",
        # "why do those cause twitching"): then a claim that answers it as asked comes close only through the
        # articles' subject ("twitching"), so how close is no sign that it stands alone. The rules also take every
        # message without a subject of its own ("When should I worry about muscle twitching?"): those stand alone
        # when the articles answer them confidently as asked, and so does a later question of one message, whatever
        # the reader says: it takes a leading "And" for pointing back, and "What is a normal potassium level? And
        # which foods have calcium?" then searched calcium with potassium (its calcium foods came sixth). Lost with
        # it: "and is that same stuff what makes muscles twitch?" (1 of the labelled sets' 25 such messages).
        points_back = someone or read_as_followup(question, vector)
        if not lean and (joined or not points_back) and alone.best >= self.answerability.confident:
            return self.after(alone, history)
        self.together([glued, *filter(None, [earlier_answer(history)])])  # the earlier answer is read next (after)
        glued_evidence = self.gather(question, glued)
        # ...and a question of the message that leans on the one before it ("and is that same stuff what makes
        # muscles twitch?" after "why does everyone drink so much caffeine…?") is read with it.
        leaning = lean or points_back or joined and not unanswered
        best = glued_evidence if leaning else max(alone, glued_evidence, key=lambda e: e.best)
        for query in more:  # read into the earlier reply only when nothing else comes close enough
            if best.best >= self.answerability.min_relevance:
                break
            best = max(best, self.gather(question, query), key=lambda e: e.best)
        if kind := other_of(question):
            best = self.besides_earlier(best, history, kind)
        return self.after(best, history)

    def besides_earlier(self, evidence: Evidence, history: list[dict], kind: str) -> Evidence:
        """The evidence without the earlier turn's subject, for a follow-up asking for "the other" article or case
        (bot.referent): the candidate claim the earlier exchange (its question and reply) comes closest to, and for
        an article every passage of that claim's article. What is left is compared with the earlier question (the
        follow-up asks it again of the other one): compared with the glued search, "does the other article give a
        different number?" came within 0.35 of the other article's "Aim for 7–9 hours nightly" and was refused."""
        asked = earlier_question(history)
        exchange = " ".join(t["content"] for t in history[-2:] if (t.get("content") or "").strip())
        if not asked or not evidence.candidates:
            return evidence
        earlier = self.library.cosines(self.meaning(exchange))
        claims = self.claims.claims
        subject = max(evidence.candidates, key=lambda c: float(earlier.values(list(claims[c].sentences)).max()))
        documents = evidence.documents
        if kind == "article":
            doc_id = self.library.sentences[claims[subject].sentences[0]].doc_id
            documents = [d for d in self.retriever.search(asked, self.depth, CLOSEST)
                         if d.metadata["doc_id"] != doc_id] or documents
        again = gather(self.claims, evidence.question, evidence.query, self.meaning(asked), documents, evidence.warning)
        kept = [n for n, c in enumerate(again.candidates) if c != subject]
        return replace(again, candidates=[again.candidates[n] for n in kept],
                       closest=[again.closest[n] for n in kept]) if kept else again

    def after(self, evidence: Evidence, history: list[dict]) -> Evidence:
        """The evidence with the earlier answer's closeness to each sentence (Evidence.earlier), in a conversation."""
        said = earlier_answer(history)
        if not said:
            return evidence
        asked = earlier_question(history)
        glued = asked is not None and evidence.query != evidence.question  # read with the earlier question
        self.together([said, *([asked] if glued else [])])  # one forward pass for both (bot.restated reads the second)
        return replace(evidence, earlier=self.library.cosines(self.meaning(said)),
                       said=said_terms(history), own=self.library.cosines(self.meaning(evidence.question)),
                       asked=self.library.cosines(self.meaning(asked)) if glued else None)

    def toward_warning_signs(self, evidence: Evidence) -> Evidence:
        """Under an emergency notice, the answer quotes the warning signs the articles list, not general
        facts that undercut it ("The arms and legs are common places to experience muscle twitching…"
        under "my left arm suddenly went weak"): the claims come from the passages about the signs and
        are chosen for the question and the signs together."""
        vector = evidence.vector + self.meaning(WARNING_SIGNS_TEXT)
        documents = self.warning_sign_passages.get(self.depth)
        if documents is None:  # the same search for every emergency: made once per index (a whole search, ~3 CPU-ms
            # at 1,000 articles, where the emergencies were 6 of the 12 slowest gold questions)
            documents = self.warning_sign_passages[self.depth] = self.retriever.search(WARNING_SIGNS_TEXT, self.depth)
        signs = gather(self.claims, evidence.question, evidence.query, vector / np.linalg.norm(vector), documents,
                       self.meaning(WARNING_SIGNS_TEXT))
        # ...and the sign closest to what the message tells besides the articles' subject opens: with "twitching"
        # in it, "suddenly I can't breathe… I've been twitching all week" came closest to "Unexplained weight
        # loss combined with twitching", not to "Difficulty speaking, swallowing, or breathing"
        told = " ".join(w for w in evidence.question.split() if not set(terms(w)) & self.library.subject_terms)
        return replace(signs, message=self.meaning(told or evidence.question),
                       described=tuple(self.meaning(said) for said in described(evidence.question)))

    def gather(self, question: str, query: str) -> Evidence:
        return gather(self.claims, question, query, self.answer_vector(question, query),
                      self.retriever.search(query, self.depth, CLOSEST), self.meaning(WARNING_SIGNS_TEXT))

    def as_runnable(self):
        """The bot as a langchain Runnable: {"question", "history"} -> the answer contract dict."""
        from langchain_core.runnables import RunnableLambda

        return RunnableLambda(lambda x: self.ask(x["question"], x.get("history")).to_dict(), name="twitchqa")

    # --- vectors -----------------------------------------------------------------------------------

    def answer_vector(self, question: str, query: str) -> np.ndarray:
        """What the answer's claims are compared with: the search query, and for a follow-up also the
        question itself, so "Which foods contain it?" picks foods, not more about what "it" is."""
        vector = self.meaning(query)
        if query != question:
            vector = vector + self.meaning(question)
            vector = vector / np.linalg.norm(vector)
        return vector

    def ahead(self, question: str) -> None:
        """Embed the question with the texts its reading embeds next, in one forward pass: triage's message without
        its denied signs (bot.triage.model_kinds) and answerability's unknown words (bot.asked.looked_up).
        Apart, each was a pass of its own: 43 of the 61 passes the 170 gold questions made besides their own
        (2026-11-29), each ~1.8 CPU-ms more than it costs beside the question (see OnnxEmbedder.query_pairs).
        And the message's sentences, which the worried reader reads one by one (bot.worried.sentences).
        Not a word the encoder's word table holds (ingest.word_table: `meaning` reads its row), nor the message
        without the unknown words, which bot.qualifier reads only when a refusal names them (10 of the 49 gold
        questions with such words, 91 of held-out's 255; it is embedded then, in a pass of its own): each was a row
        padded to the question's length, and a pass of the question, a word and that message cost 2.0x the bare
        question's (CPU medians, 30 gold questions), so those questions sat above the median ask. Both left out: the
        bench's own work 7.95 -> 6.47 CPU-ms, CPU p50 / floor 2.13 -> 1.91 (medians of 5 alternated rounds, warm43)."""
        masked = without_denied_signs(question)
        unknown = [w for w in looked_up(question, self.library) if not self.in_word_table(w)]
        self.together([question, *([masked] if masked != question and re.search(r"\w", masked) else []),
                       *unknown, *message_sentences(question)])

    def in_word_table(self, word: str) -> bool:
        """The word's meaning vector is read from the encoder's word table (no forward pass makes it)."""
        known = getattr(self.embedder, "in_word_table", None)  # the ONNX encoder's
        return known is not None and known(word)

    def together(self, texts: list[str]) -> None:
        """Embed these texts (those not kept yet) in one forward pass, for `meaning` to find next."""
        together = getattr(self.embedder, "query_pairs", None)  # the ONNX encoder's (torch's batched vectors were not compared)
        if together is not None:
            together(texts, self.library.token_weights)

    def meaning(self, text: str) -> np.ndarray:
        """The meaning vector of a text (cached: the retriever used the same pass for its search vector)."""
        table = getattr(self.embedder, "word_meaning", None)  # the ONNX encoder's: a common word's row of its table
        found = table(text) if table is not None else None
        if found is not None:
            return found
        return self.embedder.query_pair(text, self.library.token_weights)[0]


def earlier_answer(history: list[dict]) -> str | None:
    """The last answer of the conversation (None before any)."""
    return next((t["content"] for t in reversed(history) if t["role"] == "assistant" and t["content"].strip()), None)


def earlier_question(history: list[dict]) -> str | None:
    """The last question of the conversation (None before any)."""
    return next((t["content"] for t in reversed(history) if t["role"] == "user" and t["content"].strip()), None)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)

