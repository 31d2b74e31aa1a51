"""The graph model, declared once.

Every consumer derives from this table: the NetworkX builder, the LadybugDB DDL, Neo4j's
constraints and indexes, the import CSV headers and docs/schema.md. Changing the model here
changes it everywhere, so the stores can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PropType = Literal["STRING", "INT64", "DOUBLE", "BOOLEAN", "STRING[]"]


@dataclass(frozen=True, slots=True)
class Prop:
    name: str
    type: PropType = "STRING"


@dataclass(frozen=True, slots=True)
class NodeType:
    label: str
    props: tuple[Prop, ...]
    key: str = "id"
    description: str = ""


@dataclass(frozen=True, slots=True)
class RelType:
    name: str
    ends: tuple[tuple[str, str], ...]  # (from label, to label) pairs
    props: tuple[Prop, ...] = ()
    description: str = ""


_ENTITY_PROPS = (Prop("id"), Prop("name"), Prop("aliases", "STRING[]"), Prop("papers", "INT64"))
# Evidence carried by every edge that comes from text: where in which paper it was read.
EVIDENCE = (Prop("paper_id"), Prop("sentence"), Prop("field"), Prop("start", "INT64"), Prop("end", "INT64"))

NODES: tuple[NodeType, ...] = (
    NodeType("Paper", (
        Prop("id"), Prop("title"), Prop("abstract"), Prop("date"), Prop("year", "INT64"),
        Prop("upvotes", "INT64"), Prop("authors_count", "INT64"), Prop("authors", "STRING[]"),
        Prop("url"), Prop("arxiv_id"), Prop("doi"), Prop("categories", "STRING[]"),
        Prop("listed"), Prop("comments", "INT64"), Prop("keywords", "STRING[]"),
        Prop("sources", "STRING[]"),
    ), description="A paper: its metadata and where it was read."),
    NodeType("Method", _ENTITY_PROPS, description="A named method, model, architecture or technique."),
    NodeType("Dataset", _ENTITY_PROPS, description="A named dataset, corpus or benchmark."),
    NodeType("Metric", (*_ENTITY_PROPS, Prop("direction")),
             description="An evaluation measure; direction is 'higher', 'lower' or '' (unknown)."),
    NodeType("Claim", (
        Prop("id"), Prop("value"), Prop("number", "DOUBLE"), Prop("unit"), Prop("kind"),
        Prop("method"), Prop("dataset"), Prop("metric"), Prop("baseline"),
        *EVIDENCE,
    ), description="One reported quantitative result, with the surface forms it names."),
    NodeType("Repository", (Prop("id"), Prop("url"), Prop("host")),
             description="A code or project link given in an abstract."),
)

RELS: tuple[RelType, ...] = (
    RelType("PROPOSES", (("Paper", "Method"), ("Paper", "Dataset")), EVIDENCE,
            "The paper introduces this method or dataset."),
    RelType("USES", (("Paper", "Method"),), (*EVIDENCE, Prop("mentions", "INT64"), Prop("relation")),
            "The paper names this method without proposing it; `relation` says how: `compares` (with it, "
            "as a baseline), `uses` or `mentions`."),
    RelType("EVALUATES_ON", (("Paper", "Dataset"),), (*EVIDENCE, Prop("mentions", "INT64")),
            "The paper evaluates on (or mentions) this dataset."),
    RelType("MEASURES", (("Paper", "Metric"),), (*EVIDENCE, Prop("mentions", "INT64")),
            "The paper reports this metric."),
    RelType("REPORTS", (("Paper", "Claim"),), (), "The paper states this result."),
    RelType("OF", (("Claim", "Method"),), (), "The method that achieves the result."),
    RelType("ON", (("Claim", "Dataset"),), (), "The dataset the result is measured on."),
    RelType("IN", (("Claim", "Metric"),), (), "The metric the result is expressed in."),
    RelType("AGAINST", (("Claim", "Method"),), (), "The baseline the result is compared with."),
    RelType("OUTPERFORMS", (("Method", "Method"),), (Prop("claim_id"), *EVIDENCE),
            "Derived from a claim: its method beats its baseline."),
    RelType("HAS_CODE", (("Paper", "Repository"),), EVIDENCE, "The abstract links to this code."),
)

NODE_BY_LABEL = {n.label: n for n in NODES}
# The store's own key/value table (schema version, rankings token): not part of the graph model.
META_TABLE = "PaperkgMeta"
REL_BY_NAME = {r.name: r for r in RELS}
ENTITY_LABELS = ("Method", "Dataset", "Metric")
