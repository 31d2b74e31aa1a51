"""CSV files LadybugDB's ``COPY`` reads back exactly, and the ``COPY`` statements that read them.

Used by the bulk load of a new store (bulk.py) and by the relationship COPYs of
:meth:`LadybugStore.write_graph <paperkg.cypher.ladybug.connection.LadybugStore.write_graph>`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from paperkg.graph.schema import NodeType, RelType
from paperkg.util.cypher_names import q

# List items are joined with the ASCII unit separator and split again by ``string_split`` in the
# COPY; LadybugDB's own CSV list syntax (``[a,b]``) keeps quotes inside items, so it is not exact.
LIST_SEP = "\x1f"
CSV_OPTS = "header=false, parallel=false, quote='\"', escape='\"'"


def _field(v: Any) -> str:
    """A CSV field LadybugDB reads back exactly: unquoted empty is NULL, quoted empty is ''.
    Strings are quoted with inner quotes doubled; newlines, carriage returns, backslashes, NUL and
    any Unicode go through as they are (``parallel=false`` reads quoted newlines). Floats are
    written with ``repr``, the shortest text that parses back to the same double."""
    if v is None:
        return ""
    if isinstance(v, str):
        return '"' + v.replace('"', '""') + '"'
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _list_field(items: list[str]) -> str | None:
    """A list as one CSV field (NULL for the empty list), or None when it cannot be written exactly:
    ``string_split`` drops empty items, and an item may itself hold the separator."""
    if not items:
        return ""
    if any(not x or LIST_SEP in x for x in items):
        return None
    return _field(LIST_SEP.join(items))


def edge_line(rt: RelType, r: dict) -> str:
    """One relationship row (``src``, ``dst``, its props) as a CSV line."""
    return ",".join([_field(r["src"]), _field(r["dst"]), *(_field(r[p.name]) for p in rt.props)]) + "\n"


def write_edge_csv(rt: RelType, rows: list[dict], path: Path) -> Path:
    """A relationship table's rows as a CSV file for ``COPY ... FROM``."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.writelines(edge_line(rt, r) for r in rows)
    return path


def copy_rel_statement(rt: RelType, a: str, b: str, path: Path) -> str:
    opts = CSV_OPTS + (f", from='{a}', to='{b}'" if len(rt.ends) > 1 else "")
    return f"COPY {q(rt.name)} FROM '{path.as_posix()}' ({opts})"


def node_line(nt: NodeType, r: dict) -> str | None:
    """One node's CSV line, or None when one of its lists cannot be written exactly."""
    cells = []
    for p in nt.props:
        cell = _list_field(r[p.name]) if p.type == "STRING[]" else _field(r[p.name])
        if cell is None:
            return None
        cells.append(cell)
    return ",".join(cells) + "\n"


def load_node_csv(nt: NodeType, path: Path) -> tuple[str, list[str]]:
    """``LOAD WITH HEADERS (...) FROM path`` for a node CSV file, and the expressions of its props
    (list columns are read as text and split)."""
    cols = [f"c{i}" for i in range(len(nt.props))]
    schema = ", ".join(
        f"{c} {'STRING' if p.type == 'STRING[]' else p.type}" for c, p in zip(cols, nt.props, strict=True)
    )
    exprs = [
        f"CASE WHEN {c} IS NULL THEN CAST([] AS STRING[]) ELSE string_split({c}, '{LIST_SEP}') END"
        if p.type == "STRING[]" else c
        for c, p in zip(cols, nt.props, strict=True)
    ]
    return f"LOAD WITH HEADERS ({schema}) FROM '{path.as_posix()}' ({CSV_OPTS})", exprs


def copy_node_statement(nt: NodeType, path: Path) -> str:
    """One COPY of a node table from its CSV file."""
    if not any(p.type == "STRING[]" for p in nt.props):
        return f"COPY {q(nt.label)} FROM '{path.as_posix()}' ({CSV_OPTS})"
    load, exprs = load_node_csv(nt, path)
    return f"COPY {q(nt.label)} FROM ({load} RETURN {', '.join(exprs)})"
