"""What the entity rules ask the gazetteer and the name-shape test, answered once per surface.

The rules ask the same few questions about the same words again and again: is this phrase a known
entity (of this type), a known non-entity, shaped like a name. :class:`EntityKnowledge` holds the
gazetteer and the rule lists and answers those questions, keeping the answers (each a function of
the surface alone, so kept across Docs); the rule modules take it as their first argument.
"""

from __future__ import annotations

from functools import lru_cache

from paperkg.extract.entity_rules import Rules
from paperkg.extract.gazetteer import Gazetteer, GazetteerEntry
from paperkg.extract.name_shapes import name_shaped


class EntityKnowledge:
    """The gazetteer and the rule lists, with the answers to the questions the rules ask of them."""

    def __init__(self, gazetteer: Gazetteer, rules: Rules):
        self.gaz = gazetteer
        self.rules = rules
        self.shape_cache: dict[str, bool] = {}
        self.reject_cache: dict[tuple[str, bool], bool] = {}
        self._known_cache: dict[tuple[str, str | None], GazetteerEntry | None] = {}
        # a function of the phrase alone, asked by several rules about the same words
        self.is_non_entity = lru_cache(maxsize=1 << 16)(gazetteer.is_non_entity)

    def known(self, surface: str, type_: str | None = None):
        """The gazetteer entry for a surface form (of ``type_`` when given), or None."""
        memo = (surface, type_)
        if memo in self._known_cache:
            return self._known_cache[memo]
        if len(self._known_cache) > 100_000:
            self._known_cache.clear()
        entries = self.gaz.lookup(surface)
        if type_ is not None:
            entries = [e for e in entries if e.type == type_] or entries
        got = self._known_cache[memo] = entries[0] if entries else None
        return got

    def is_known_method(self, phrase: str) -> bool:
        known = self.known(phrase, "METHOD")
        return known is not None and known.type == "METHOD"

    def ends_in_known_method(self, phrase: str) -> bool:
        """ "Randomized Smoothed Conformal Prediction": the last words name a known method, so the
        phrase is a variant of it, not a task ending in "prediction"."""
        words = phrase.split()
        for k in range(2, len(words)):
            known = self.known(" ".join(words[-k:]), "METHOD")
            if known is not None and known.type == "METHOD":
                return True
        return False

    def is_name_shaped(self, w: str) -> bool:
        """Whether word ``w`` is shaped like a name (:func:`paperkg.extract.name_shapes.name_shaped`)."""
        got = self.shape_cache.get(w)
        if got is None:
            if len(self.shape_cache) > 100_000:
                self.shape_cache.clear()
            got = self.shape_cache[w] = name_shaped(self.rules, w)
        return got

    def rejected_by_gazetteer(self, surface: str, shape: bool) -> bool:
        if (
            shape
            and " " in surface
            and any(self.is_non_entity(w) or self.gaz.is_non_entity_acronym(w) for w in surface.split())
        ):
            return True  # "Azure OpenAI": a name built on a non-entity is one too
        if self.is_non_entity(surface):
            return True
        if " " not in surface and (
            self.gaz.is_non_entity_acronym(surface)
            or (surface.endswith("s") and self.gaz.is_non_entity_acronym(surface[:-1]))
        ):
            return True
        return False
