"""Routing: from what a reader types to the passage that answers it.

By role: query.py reads an input once into a Query; index.py keeps what routing
needs of every topic; scoring.py ranks topics and says how much of a question each
explains; calibration.py derives the thresholds from the tour's own data;
decision.py (the Router) decides to answer, ask which was meant, or decline;
smalltalk.py tells greetings and thanks from questions; model.py names every
constant.
"""

from .decision import Candidate, Route, Router
from .model import MODEL, Model
from .query import Analyser, Query

__all__ = ["MODEL", "Analyser", "Candidate", "Model", "Query", "Route", "Router"]
