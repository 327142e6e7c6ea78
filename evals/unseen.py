"""The newest training batch, written blind at a session's start and kept out of every fit, so that the bot is
measured on a set nothing was fitted on (fit_answerable, fit_followup, fit_echo and fit_relevance's NOT_FITTED).
At the next session it is spent: a new batch takes its place here, and it may join the fits.

Session 25: training-ba (training-ay, session 24's, is spent).
"""
UNSEEN = "training-ba"
