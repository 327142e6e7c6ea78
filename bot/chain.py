"""The bot: contextualize → retrieve → answer, as a langchain runnable chain over one loaded index."""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from bot.answer import Answer, Composer
from bot.followup import contextualize
from bot.library import Library
from bot.retrieve import HybridRetriever
from bot.settings import MAX_QUESTION_CHARS
from bot.triage import triage
from ingest.embed import Embedder
from ingest.errors import QuestionError


def check_question(question: str) -> str:
    """The question, stripped; QuestionError when it is empty or too long."""
    if not isinstance(question, str) or not question.strip():
        raise QuestionError("the question is empty: ask something about muscle twitching")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the question is {len(question)} characters long; the limit is {MAX_QUESTION_CHARS}: shorten it"
        )
    return question.strip()


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

    def __init__(self, library: Library, embedder: Embedder, composer: Composer | None = None):
        self.library = library
        self.embedder = embedder
        self.composer = composer or Composer()
        # Retrieve as many passages as the composer draws claims from.
        self.retriever = HybridRetriever(library=library, embedder=embedder, k=self.composer.passages)
        self.chain = (
            RunnablePassthrough.assign(search_query=RunnableLambda(
                lambda x: contextualize(x["question"], x["history"]), name="contextualize"))
            | RunnablePassthrough.assign(retrieved=RunnableLambda(self._timed_retrieve, name="retrieve"))
            | RunnableLambda(self._answer, name="answer")
        )

    @classmethod
    def open(cls, home: Path, embedder: Embedder | None = None) -> "Bot":
        """Load the index in `home`; IndexMissing / IndexMismatch say which command fixes it."""
        embedder = embedder or Embedder()
        bot = cls(Library(Path(home), embedder.model_id), embedder)
        bot.embedder.embed_pair(["warm up"], bot.library.token_weights)  # load the model now, not on the first question
        return bot

    def ask(self, question: str, history: list[dict] | None = None) -> Answer:
        """Answer one question (with the conversation so far) from the articles."""
        began = time.perf_counter()
        question, history = check_question(question), check_history(history)
        answer: Answer = self.chain.invoke({"question": question, "history": history})
        answer.timings_ms["total"] = round((time.perf_counter() - began) * 1000, 2)
        return answer

    def retrieve(self, query: str, k: int = 10) -> list[dict]:
        """The top passages for a search query, best first, each with its exact span."""
        out = []
        for doc in self.retriever.search(query, k):
            meta = doc.metadata
            out.append({"doc_id": meta["doc_id"], "start": meta["start"], "end": meta["end"],
                        "text": doc.page_content, "score": meta["score"], "heading": meta["heading"]})
        return out

    def relevance(self, question: str, history: list[dict] | None = None) -> float:
        """How close the articles come to the question: the refusal signal (see Composer.relevance)."""
        question = check_question(question)
        query = contextualize(question, history or [])
        documents = self.retriever.search(query, self.retriever.k)
        return self.composer.relevance(self.library, self.answer_vector(question, query), documents)

    def answer_vector(self, question: str, query: str):
        """What the answer's claims are compared with: the search query, and for a follow-up also the
        question itself, so "Which foods contain it?" picks foods, not more about what "it" is."""
        vector = self.meaning(query)
        if query != question:
            vector = vector + self.meaning(question)
            vector = vector / np.linalg.norm(vector)
        return vector

    def meaning(self, text: str) -> np.ndarray:
        """The meaning vector of a text (cached: the retriever used the same pass for its search vector)."""
        return self.embedder.query_pair(text, self.library.token_weights)[0]

    def _timed_retrieve(self, state: dict) -> tuple[list, float]:
        began = time.perf_counter()
        documents = self.retriever.invoke(state["search_query"])
        return documents, round((time.perf_counter() - began) * 1000, 2)

    def _answer(self, state: dict) -> Answer:
        began = time.perf_counter()
        query = state["search_query"]
        documents, retrieve_ms = state["retrieved"]
        notices = triage(state["question"])
        text, citations, refused = self.composer.compose(
            self.library, self.answer_vector(state["question"], query), query, documents, self.meaning,
            describes_signs=any(n["kind"] in ("urgent", "see_clinician") for n in notices),
        )
        return Answer(
            question=state["question"], search_query=query, answer=text, refused=refused,
            citations=citations, notices=notices,
            timings_ms={"retrieve": retrieve_ms,
                        "answer": round((time.perf_counter() - began) * 1000, 2)},
        )
