"""Actors: who an article names, the role it casts them in, and what it attaches to them.

- :mod:`.aliases`: mentions of the same actor merged into one (rules over the entity layer and ``tables/``);
- :mod:`.roles`: the role head over the shared encoder pass (SemEval-2025 Task 10 subtask 1);
- :mod:`.evidence`: technique spans, claim cards and quotes attached to each actor.

The ``actors`` analysis (:mod:`presslens.analyzers.actors`) puts them together.
"""
from .aliases import Actor, find_actors

__all__ = ["Actor", "find_actors"]
