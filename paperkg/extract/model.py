"""What the extractor hands to the graph, and the stable JSON of ``paperkg extract``.

The JSON shape is a public format (docs/extraction-format.md): tools outside the project read
it, so fields are only ever added, never renamed or removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypeGuard

Field = Literal["title", "abstract"]
EntityType = Literal["METHOD", "DATASET", "METRIC"]
_ENTITY_TYPES = frozenset({"METHOD", "DATASET", "METRIC"})
ResultKind = Literal["improvement", "reduction", "absolute", "other"]


def is_entity_type(name: str | None) -> TypeGuard[EntityType]:
    """``name`` is METHOD, DATASET or METRIC (a spaCy label, a line of a data file, ...)."""
    return name in _ENTITY_TYPES


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence: ``text == record[field][start:end]``; ``sentence`` is the sentence holding it."""

    field: Field
    start: int
    end: int
    sentence: str
    text: str = ""

    def to_dict(self) -> dict:
        return {"field": self.field, "start": self.start, "end": self.end,
                "sentence": self.sentence, "text": self.text}

    def __reduce__(self):
        # Extractions travel from worker processes by pickle: rebuilding from the constructor's
        # arguments is several times faster than the state protocol of slotted dataclasses.
        return Mention, (self.field, self.start, self.end, self.sentence, self.text)

    @classmethod
    def from_dict(cls, d: dict) -> Mention:
        return cls(d["field"], int(d["start"]), int(d["end"]), d.get("sentence", ""), d.get("text", ""))


@dataclass(slots=True)
class Entity:
    """A method, dataset or metric as named in one paper: every surface form and where it occurs.

    ``name`` is the preferred surface form (the full name when an acronym is defined);
    ``aliases`` are the other surface forms seen in this paper, plus well-known aliases
    from the gazetteer when the entity is a known one (``canonical`` is then its gazetteer name).
    """

    type: EntityType
    name: str
    aliases: list[str] = field(default_factory=list)
    proposed: bool = False
    mentions: list[Mention] = field(default_factory=list)
    canonical: str | None = None

    @property
    def forms(self) -> list[str]:
        return [self.name, *self.aliases]

    def __reduce__(self):  # see Mention.__reduce__
        return Entity, (self.type, self.name, self.aliases, self.proposed, self.mentions, self.canonical)

    def to_dict(self) -> dict:
        d: dict[str, Any] = {"name": self.name, "aliases": list(self.aliases)}
        if self.type != "METRIC":
            d["proposed"] = self.proposed
        d["canonical"] = self.canonical
        d["mentions"] = [m.to_dict() for m in self.mentions]
        return d

    @classmethod
    def from_dict(cls, type_: EntityType, d: dict) -> Entity:
        return cls(type_, d["name"], list(d.get("aliases") or []), bool(d.get("proposed", False)),
                   [Mention.from_dict(m) for m in d.get("mentions") or []], d.get("canonical"))


@dataclass(slots=True)
class Result:
    """One quantitative claim. ``metric``/``dataset``/``method``/``baseline`` are surface forms
    of entities of the same paper (or None when the abstract does not say)."""

    value: str
    number: float
    unit: str  # "%", "x", "points", "dB", "ms", "s", "FPS", "pp" or "" (plain)
    kind: ResultKind
    metric: str | None
    dataset: str | None
    method: str | None
    baseline: str | None
    sentence: str
    field: Field
    start: int
    end: int

    def __reduce__(self):  # see Mention.__reduce__
        return Result, (self.value, self.number, self.unit, self.kind, self.metric, self.dataset, self.method,
                        self.baseline, self.sentence, self.field, self.start, self.end)

    def to_dict(self) -> dict:
        return {"value": self.value, "number": self.number, "unit": self.unit, "kind": self.kind,
                "metric": self.metric, "dataset": self.dataset, "method": self.method,
                "baseline": self.baseline, "sentence": self.sentence, "field": self.field,
                "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict) -> Result:
        return cls(d["value"], float(d["number"]), d.get("unit", ""), d.get("kind", "other"),
                   d.get("metric"), d.get("dataset"), d.get("method"), d.get("baseline"),
                   d.get("sentence", ""), d.get("field", "abstract"), int(d.get("start", 0)),
                   int(d.get("end", 0)))


@dataclass(slots=True)
class Extraction:
    """Everything the extractor found in one paper."""

    id: str
    title: str
    methods: list[Entity] = field(default_factory=list)
    datasets: list[Entity] = field(default_factory=list)
    metrics: list[Entity] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    @property
    def proposed(self) -> list[str]:
        return [e.name for e in (*self.methods, *self.datasets) if e.proposed]

    def __reduce__(self):  # see Mention.__reduce__
        return Extraction, (self.id, self.title, self.methods, self.datasets, self.metrics, self.results,
                            self.links)

    def entities(self) -> list[Entity]:
        return [*self.methods, *self.datasets, *self.metrics]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "methods": [e.to_dict() for e in self.methods],
            "datasets": [e.to_dict() for e in self.datasets],
            "metrics": [e.to_dict() for e in self.metrics],
            "proposed": self.proposed,
            "results": [r.to_dict() for r in self.results],
            "links": list(self.links),
        }

    @classmethod
    def from_dict(cls, d: dict) -> Extraction:
        return cls(
            d["id"], d.get("title", ""),
            [Entity.from_dict("METHOD", e) for e in d.get("methods") or []],
            [Entity.from_dict("DATASET", e) for e in d.get("datasets") or []],
            [Entity.from_dict("METRIC", e) for e in d.get("metrics") or []],
            [Result.from_dict(r) for r in d.get("results") or []],
            list(d.get("links") or []),
        )
