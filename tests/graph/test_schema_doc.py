"""docs/schema.md is generated from schema.py and must be current."""

from pathlib import Path

from paperkg.graph import schema_doc
from paperkg.graph.schema import NODES, RELS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_schema_md_is_up_to_date():
    assert (DOCS / "schema.md").read_text(encoding="utf-8") == schema_doc.render_markdown(), (
        "docs/schema.md is stale: run python -m paperkg.graph.schema_doc"
    )


def test_schema_md_names_every_type_and_the_picture_exists():
    md = schema_doc.render_markdown()
    assert all(f"### {n.label}" in md for n in NODES)
    assert all(f"| `{r.name}` |" in md for r in RELS)
    assert "```mermaid" in md
    svg = (DOCS / "schema.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "OUTPERFORMS" in svg
