"""Answer questions from the indexed articles, citing exact spans."""
