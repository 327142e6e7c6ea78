"""The bot's parts as langchain components, for anyone composing chains.

Imported only when asked for: langchain's runnables and retrievers take about 0.85 s to import (their
tracers pull langsmith), which a cold `twitchqa ask` would otherwise pay without using them.
"""
from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict


class LangchainRetriever(BaseRetriever):
    """A langchain retriever over a `bot.retrieve.HybridRetriever`: the same Documents its `search` gives."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    hybrid: Any  # bot.retrieve.HybridRetriever
    k: int = 10

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [found.as_document() for found in self.hybrid.search(query, self.k)]
