"""paperkg/util/unionfind.py: the smallest key is the root whatever the order of the unions, for the
integer indices of entity resolution and for the string keys of per-paper grouping alike."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from paperkg.util.unionfind import UnionFind


def _components(pairs: list[tuple[int, int]], n: int) -> dict[int, int]:
    """The reference: each key's smallest connected key, by graph search."""
    adj: dict[int, set[int]] = {i: set() for i in range(n)}
    for a, b in pairs:
        adj[a].add(b)
        adj[b].add(a)
    out: dict[int, int] = {}
    for start in range(n):
        if start in out:
            continue
        seen, todo = {start}, [start]
        while todo:
            for nxt in adj[todo.pop()] - seen:
                seen.add(nxt)
                todo.append(nxt)
        for k in seen:
            out[k] = min(seen)
    return out


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=60))
def test_roots_are_the_smallest_key_of_each_component(pairs):
    uf = UnionFind()
    for a, b in pairs:
        uf.union(a, b)
    assert {i: uf.find(i) for i in range(31)} == _components(pairs, 31)


def test_string_keys_and_keys_never_joined():
    uf = UnionFind()
    uf.union("lora", "low rank adaptation")
    uf.union("canon:lora#", "lora")
    assert uf.find("low rank adaptation") == uf.find("lora") == "canon:lora#"
    assert uf.find("resnet") == "resnet"
