"""Corpus to index: load articles, cut them into cited spans, embed and store them."""
