"""Routing: from what a reader types to the passage that answers it.

By role: query.py reads an input once into a Query; index.py keeps what routing
needs of every topic; scoring.py ranks topics and says how much of a question each
explains; calibration.py derives the thresholds from the tour's own data;
verify.py reads the best passage against the question and says how likely it is to
answer; decision.py (the Router) decides, in one place, to answer, ask which was
meant, answer "not exactly" with the nearest passage, or decline;
smalltalk.py tells greetings and thanks from questions; model.py names every
constant.
"""

from ..reply import Focus
from .decision import Candidate, Decision, Route, Router
from .model import MODEL, Model
from .query import Analyser, Query

__all__ = ["MODEL", "Analyser", "Candidate", "Decision", "Focus", "Model", "Query", "Route", "Router"]
