"""Union-find (disjoint sets) over any hashable, ordered keys: indices, strings.

The smaller root wins every union, so the root of a set is its smallest key whatever the order of the
unions; ``find`` halves paths as it goes. Only keys that were joined to another are stored: a key never
unioned is its own root and costs nothing.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any


class UnionFind:
    def __init__(self) -> None:
        self._parent: dict[Hashable, Any] = {}

    def find(self, key: Any) -> Any:
        """The root of ``key``'s set: its smallest key."""
        parent = self._parent
        while (up := parent.get(key, key)) != key:
            top = parent.get(up, up)
            if top != up:
                parent[key] = top  # path halving
            key = top
        return key

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)
