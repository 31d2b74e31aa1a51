"""Entity resolution across papers: one node per real method, dataset or metric.

Each paper names its entities in its own words ("LoRA", "Low-Rank Adaptation (LoRA)",
"low-rank adaptations"). Resolution groups those per-paper entities into clusters and gives each
cluster a canonical name and a stable id.

Rules, in order:

1. Surface forms fold to a *key* (case, hyphens, spaces, punctuation, a final plural and
   British "-ise" spellings ignored), so spelling variants of one name meet.
2. A gazetteer canonical name (``Entity.canonical``) and multi-word forms are *strong* keys:
   entities sharing one are the same thing.
3. Single-token forms with several capitals (acronyms such as "SAM", "LoRA") are *weak* keys:
   they join the one cluster that defines them somewhere in the corpus (an entity with both the
   acronym and a long form). An acronym defined with long forms that land in different clusters is
   *ambiguous*: defining entities stay apart, bare uses of it form their own cluster, and the
   ambiguity is recorded in :attr:`Resolution.ambiguous`. Undefined acronyms merge by key.
4. Canonical name: the gazetteer name if any, else the name most papers use (ambiguous acronyms
   last), ties broken by preferring the longer and then the alphabetically first form.
5. Id: slug of the canonical name; clusters whose slugs collide get ``-2``, ``-3`` in the
   order of their sorted keys.

Everything is computed from multisets of forms, so the result does not depend on the order papers
are added. Identical per-paper entities (same label, forms, canonical name) are kept once with a
count: they always land in one cluster, so a corpus-wide resolution needs memory for its distinct
names, not for its mentions (``Resolver(per_paper=False)``, used by streaming builds, which then map
each paper's entities through :attr:`Resolution.by_signature`).

The remaining order dependence is incremental building: entities already in a store (*anchors*)
keep their ids and names, so building A then B may name a cluster differently from building A+B at
once (ids never change once written).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from paperkg.extract.gazetteer import version_suffix
from paperkg.extract.model import Entity

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SLUG = re.compile(r"[^a-z0-9]+")
_TOKEN_SPLIT = re.compile(r"[\s\-_/]+")
_WORD = re.compile(r"[a-z]+")
_ACRONYM = re.compile(r"^[A-Za-z][A-Za-z0-9.]*$")
_BRITISH = (
    (re.compile(r"isation"), "ization"),
    (re.compile(r"ising\b"), "izing"),
    (re.compile(r"ised\b"), "ized"),
    (re.compile(r"yse\b"), "yze"),
)
_PLURAL_ACRONYM = re.compile(r"^([A-Z][A-Za-z0-9]*[A-Z0-9])s$")


def slugify(name: str) -> str:
    """The id rule of the conventions: lowercase, runs of other characters become ``-``."""
    return _SLUG.sub("-", name.lower()).strip("-") or "x"


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 18)
def norm_key(form: str) -> str:
    """Fold a surface form to the key variants share ("Low-rank adaptations" == "low rank adaptation")."""
    tokens = [t for t in _TOKEN_SPLIT.split(form.strip()) if t]
    if tokens:
        m = _PLURAL_ACRONYM.match(tokens[-1])
        tokens[-1] = m.group(1) if m else tokens[-1]
    text = " ".join(tokens).lower()
    for pat, rep in _BRITISH:
        text = pat.sub(rep, text)
    words = text.split(" ")
    if words:
        words[-1] = _singular(words[-1])
    key = _NON_ALNUM.sub("", " ".join(words))
    # a trailing "+" names a successor ("RSCP+" is not RSCP), as in the extractor's grouping key
    return key + "+" if key and form.strip().endswith("+") else key


def is_acronym(form: str) -> bool:
    """A single token with at least two capitals: the kind of name different papers reuse."""
    form = form.strip()
    if not _ACRONYM.match(form) or len(form) > 15:
        return False
    return sum(c.isupper() for c in form) >= 2


@dataclass(frozen=True, slots=True)
class Anchor:
    """An entity already in the store: its id and name are kept."""

    label: str
    id: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass
class Cluster:
    label: str
    id: str
    name: str
    aliases: list[str]
    keys: frozenset[str]
    anchored: bool = False


@dataclass
class Resolution:
    """Where each per-paper entity went, and the clusters they form."""

    clusters: dict[tuple[str, str], Cluster] = field(default_factory=dict)  # (label, id) -> cluster
    # (label, paper_id, key of any form of that paper's entity) -> cluster id
    by_paper_key: dict[tuple[str, str, str], str] = field(default_factory=dict)
    # label -> acronym -> sorted long forms, for acronyms defined inconsistently
    ambiguous: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # signature(entity) -> cluster id: the paper-free view of the same mapping
    by_signature: dict[tuple, str] = field(default_factory=dict)

    def resolve(self, label: str, paper_id: str, form: str | None) -> str | None:
        """The cluster id a surface form of this paper refers to (None when the paper never named it)."""
        if not form:
            return None
        return self.by_paper_key.get((label, paper_id, norm_key(form)))

    def paper_lookup(self, entities: Iterable[Entity]) -> PaperLookup:
        """What :meth:`resolve` answers for one paper, from its own entities (no per-paper index)."""
        keymap: dict[tuple[str, str], str] = {}
        for sig in sorted(s for s in map(signature, entities) if s is not None):
            cid = self.by_signature.get(sig)
            if cid is None:
                continue
            for f in sig[1]:
                if k := norm_key(f):
                    keymap[(sig[0], k)] = cid
        return PaperLookup(keymap)


@dataclass(slots=True)
class PaperLookup:
    keymap: dict[tuple[str, str], str]

    def resolve(self, label: str, paper_id: str, form: str | None) -> str | None:
        return self.keymap.get((label, norm_key(form))) if form else None


_LABEL_OF_TYPE = {"METHOD": "Method", "DATASET": "Dataset", "METRIC": "Metric"}


def signature(entity: Entity) -> tuple[str, tuple[str, ...], str | None, str] | None:
    """What resolution looks at in a per-paper entity; equal signatures always share a cluster.

    A method or dataset written as a numbered version or size of its gazetteer entry
    ("AISHELL-2", "GPT-3 175B") does not use the entry's name as a key: it would meet the
    family's other versions, and leaderboards and conflicts would mix different test sets and
    models. Metrics keep the entry ("BLEU-4" is how BLEU is reported)."""
    forms = tuple(f for f in dict.fromkeys([entity.name, *entity.aliases]) if f and f.strip())
    if not forms:
        return None
    canonical = entity.canonical or None
    if canonical and entity.type != "METRIC" and any(version_suffix(f, canonical) for f in forms):
        canonical = None
    return (_LABEL_OF_TYPE[entity.type], forms, canonical, entity.name)


@dataclass
class _Item:
    label: str
    paper_id: str | None  # None for an anchor
    name: str
    forms: list[str]
    canonical: str | None
    anchor: Anchor | None = None
    count: int = 1  # papers with this very entity (identical entities are kept once)
    papers: list[str] = field(default_factory=list)
    sig: tuple | None = None

    def keys(self) -> set[str]:
        return {k for k in (norm_key(f) for f in self.forms) if k}

    def strong_keys(self, weak: set[str]) -> set[str]:
        """Keys that identify on their own: long forms, and the gazetteer name even when short."""
        ks = {k for k in (norm_key(f) for f in self.forms) if k and k not in weak}
        if self.canonical:
            ks.add(norm_key(self.canonical))
        return {k for k in ks if k}

    def weak_keys(self, weak: set[str]) -> set[str]:
        return {k for k in (norm_key(f) for f in self.forms) if k in weak}

    def defines(self, weak: set[str]) -> bool:
        """Has a long form (or a gazetteer name), so its acronyms can be read through it."""
        return bool(self.canonical) or any(norm_key(f) not in weak for f in self.forms)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller index wins so roots do not depend on call order within one pass.
            self.parent[max(ra, rb)] = min(ra, rb)


class Resolver:
    """Collects per-paper entities, then resolves them all at once (acronyms need the whole corpus)."""

    def __init__(self, anchors: Iterable[Anchor] = (), per_paper: bool = True) -> None:
        self._items: list[_Item] = []
        self._by_sig: dict[tuple, _Item] = {}
        self._per_paper = per_paper
        self._anchor_ids: set[tuple[str, str]] = set()
        for a in anchors:
            self._anchor_ids.add((a.label, a.id))
            self._items.append(_Item(a.label, None, a.name, [a.name, *a.aliases], None, a))

    def __len__(self) -> int:
        """Distinct items held (anchors and distinct per-paper entities): the resolver's memory."""
        return len(self._items)

    def add(self, paper_id: str, entity: Entity) -> None:
        sig = signature(entity)
        if sig is None:
            return
        item = self._by_sig.get(sig)
        if item is None:
            item = _Item(sig[0], paper_id, entity.name, list(sig[1]), sig[2], sig=sig, count=0)
            self._by_sig[sig] = item
            self._items.append(item)
        item.count += 1
        if self._per_paper:
            item.papers.append(paper_id)

    def resolve(self) -> Resolution:
        out = Resolution()
        by_label: dict[str, list[_Item]] = defaultdict(list)
        for it in self._items:
            by_label[it.label].append(it)
        for label in sorted(by_label):
            self._resolve_label(label, by_label[label], out)
        return out

    def _resolve_label(self, label: str, items: list[_Item], out: Resolution) -> None:
        # Items are sorted by content first so union-find roots, and every tie below, are order-free.
        items = sorted(
            items,
            key=lambda it: (it.anchor is None, sorted(it.keys()), it.name, it.forms, it.canonical or ""),
        )
        uf = _UnionFind(len(items))
        # A form is weak when it, or any spelling of it in the corpus, looks like an acronym
        # ("map" written for "mAP" is still the acronym, not a long form defining it).
        weak = {k for it in items for f in it.forms if is_acronym(f) and (k := norm_key(f))}
        # A stored entity named exactly like a gazetteer entry of this input is that entry (its name
        # came from the same canonical name in an earlier build): without this, an update whose
        # papers write only the short canonical name ("LoRA") found two definers of it.
        canon_keys = {norm_key(it.canonical) for it in items if it.canonical}
        strong_owner: dict[str, int] = {}
        for i, it in enumerate(items):
            strong = it.strong_keys(weak)
            if it.anchor is not None and (named := norm_key(it.name)) in canon_keys:
                strong.add(named)
            for k in strong:
                if k in strong_owner:
                    uf.union(strong_owner[k], i)
                else:
                    strong_owner[k] = i
        # Acronyms: which strong clusters define each weak key?
        definers: dict[str, set[int]] = defaultdict(set)
        users: dict[str, list[int]] = defaultdict(list)
        for i, it in enumerate(items):
            for k in it.weak_keys(weak):
                users[k].append(i)
                if it.defines(weak):
                    definers[k].add(i)
        ambiguous: dict[str, list[str]] = {}
        for k in sorted(users):
            roots = {uf.find(i) for i in definers.get(k, ())}
            bare = [i for i in users[k] if not items[i].defines(weak)]
            if len(roots) <= 1:
                for i in users[k]:
                    uf.union(users[k][0], i)
            else:
                longs = sorted(
                    {f for i in definers[k] for f in items[i].forms if norm_key(f) not in weak}
                    | {items[i].canonical for i in definers[k] if items[i].canonical}
                )
                shown = next((f for i in users[k] for f in items[i].forms if norm_key(f) == k), k)
                ambiguous[shown] = longs
                for i in bare:
                    uf.union(bare[0], i)
        if ambiguous:
            out.ambiguous[label] = dict(sorted(ambiguous.items()))
        ambiguous_keys = {norm_key(a) for a in ambiguous}

        groups: dict[int, list[int]] = defaultdict(list)
        for i in range(len(items)):
            groups[uf.find(i)].append(i)
        clusters = [
            self._make_cluster(label, [items[i] for i in members], ambiguous_keys)
            for members in groups.values()
        ]
        self._assign_ids(label, clusters)
        for members, cl in zip(groups.values(), clusters, strict=True):
            out.clusters[(label, cl.id)] = cl
            for i in members:
                it = items[i]
                if it.paper_id is None:
                    continue
                out.by_signature[it.sig] = cl.id
                for pid in it.papers:
                    for k in it.keys():
                        out.by_paper_key[(label, pid, k)] = cl.id

    @staticmethod
    def _make_cluster(label: str, members: list[_Item], ambiguous_keys: set[str]) -> Cluster:
        anchors = sorted((m.anchor for m in members if m.anchor), key=lambda a: a.id)
        forms = sorted({f.strip() for m in members for f in m.forms})
        keys = frozenset(k for m in members for k in m.keys())
        if anchors:
            a = anchors[0]
            name, cid = a.name, a.id
        else:
            canon: Counter[str] = Counter()
            for m in members:
                if m.canonical:
                    canon[m.canonical] += m.count
            if canon:
                name = min(canon, key=lambda c: (-canon[c], -len(c), c))
            else:
                # Vote per key (so "LoRA"/"LoRAs" pool), then pick that key's best-looking spelling.
                votes: Counter[str] = Counter()
                spelled: Counter[str] = Counter()
                for m in members:
                    if m.paper_id:
                        votes[norm_key(m.name)] += m.count
                    for f in m.forms:
                        spelled[f.strip()] += m.count
                best = min(votes, key=lambda k: (k in ambiguous_keys, -votes[k], -len(k), k))
                name = min(
                    (f for f in spelled if norm_key(f) == best),
                    key=lambda f: (f.islower(), -spelled[f], len(f), f),
                    default=best,
                )
            cid = ""
        aliases = sorted(
            {f for f in forms if f != name} | {f for a in anchors for f in (a.name, *a.aliases) if f != name}
        )
        return Cluster(label, cid, name, aliases, keys, anchored=bool(anchors))

    def _assign_ids(self, label: str, clusters: list[Cluster]) -> None:
        taken = {cid for (lab, cid) in self._anchor_ids if lab == label}
        taken |= {c.id for c in clusters if c.anchored}
        fresh = sorted(
            (c for c in clusters if not c.anchored), key=lambda c: (slugify(c.name), sorted(c.keys))
        )
        for c in fresh:
            base = slugify(c.name)
            cid, n = base, 1
            while cid in taken:
                n += 1
                cid = f"{base}-{n}"
            c.id = cid
            taken.add(cid)
