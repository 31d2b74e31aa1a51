"""Entity resolution across papers: one node per real method, dataset or metric.

Each paper names its entities in its own words ("LoRA", "Low-Rank Adaptation (LoRA)",
"low-rank adaptations"). Resolution groups those per-paper entities into clusters and gives each
cluster a canonical name and a stable id.

Rules, in order:

1. Surface forms fold to a *key* (case, hyphens, spaces, punctuation, a final plural and
   British "-ise"/"-yse" spellings ignored; :func:`~paperkg.util.names.variant_key`), so spelling
   variants of one name meet.
2. A gazetteer canonical name (``Entity.canonical``) and multi-word forms are *strong* keys:
   entities sharing one are the same thing.
3. Single-token forms with several capitals (acronyms such as "SAM", "LoRA") are *weak* keys:
   they join the one cluster that defines them somewhere in the corpus (an entity with both the
   acronym and a long form). An acronym defined with long forms that land in different clusters is
   *ambiguous*: defining entities stay apart, bare uses of it form their own cluster, and the
   ambiguity is recorded in :attr:`Resolution.ambiguous`. Undefined acronyms merge by key.
4. What a paper says wins over a gazetteer's reading (:func:`signature`): a gazetteer canonical name
   reached through an acronym that the paper spells out differently ("Sharpness-Aware Minimization
   (SAM)" against the entry "Segment Anything Model") is no key; a measure's shorter name written in
   the same paper as a narrower one ("success rate" after "attack success rate") is a *local* form,
   which finds that paper's mentions and claims but is no key across papers, and a metric entry
   whose name the paper only narrows ("API cost" for the entry "cost") is no key either. A measure
   thus merges with a longer name only through an acronym or a spelling, never by head word.
   Versions of an entry ("o3-mini", "AISHELL-2") are not the entry, and one abstract naming two of
   them does not glue their nodes together.
5. Canonical name: the gazetteer name if any, else the name most papers use (ambiguous acronyms
   last), ties broken by preferring the longer and then the alphabetically first form.
6. Id: slug of the canonical name; clusters whose slugs collide get ``-2``, ``-3`` in the
   order of their sorted keys.

Resolution is per label; an entity's type is decided before, from its paper's context
(:func:`paperkg.graph.context.paper_entities`), so an acronym that is a dataset in one paper and a
method in another gives two nodes.

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

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from paperkg.extract.gazetteer import Gazetteer, version_suffix
from paperkg.extract.model import Entity, EntityType
from paperkg.util.names import slug, variant_key, variant_keys
from paperkg.util.unionfind import UnionFind

_ACRONYM = re.compile(r"^[A-Za-z][A-Za-z0-9.]*$")


def slugify(name: str) -> str:
    """The id rule of the conventions: :func:`~paperkg.util.names.slug`, "x" for a name with no
    letter or digit."""
    return slug(name) or "x"


def is_acronym(form: str) -> bool:
    """A single token with at least two capitals: the kind of name different papers reuse."""
    form = form.strip()
    if not _ACRONYM.match(form) or len(form) > 15:
        return False
    return sum(c.isupper() for c in form) >= 2


RULES_FILE = Path(__file__).with_name("data") / "resolution.json"
_WORDS = re.compile(r"[A-Za-z0-9]+")
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_STEM = 5  # first letters that identify a word across inflections ("optimisation", "optimizer")


@dataclass(frozen=True, slots=True)
class Rules:
    """The word lists of ``paperkg/graph/data/resolution.json`` (see its ``_doc`` entries)."""

    qualifiers: frozenset[str]  # token keys that leave a measure the same ("average", "test")
    separators: frozenset[str]  # what may stand between two names of one list
    stop_words: frozenset[str]  # words ignored when spelled-out forms are compared


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The rules file, read once per process."""
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return Rules(
        qualifiers=frozenset(k for w in data["measure_qualifiers"]["words"] if (k := variant_key(w))),
        separators=frozenset(t.lower() for t in data["list_separators"]["tokens"]),
        stop_words=frozenset(w.lower() for w in data["expansion_stop_words"]["words"]),
    )


@lru_cache(maxsize=1 << 16)
def narrows(longer: str, shorter: str) -> bool:
    """Whether ``longer`` is ``shorter`` with words in front that make it a narrower measure.

    "attack success rate" narrows "success rate" and "API costs" narrows "cost": sharing the head
    word does not make them one measure. Words that only aggregate or name the split ("average
    success rate", "test accuracy"; :attr:`Rules.qualifiers`) report the same measure and do not
    narrow it."""
    long_t, short_t = variant_keys(longer), variant_keys(shorter)
    n = len(short_t)
    if not n or n >= len(long_t) or long_t[-n:] != short_t:
        return False
    modifiers = long_t[:-n]
    q = rules().qualifiers
    return not (all(m in q for m in modifiers) or "".join(modifiers) in q)


def _content_words(form: str, split_hyphens: bool) -> tuple[str, ...]:
    text = form if split_hyphens else _INNER_HYPHEN.sub("", form)
    stop = rules().stop_words
    return tuple(w.lower() for w in _WORDS.findall(text) if w.lower() not in stop)


def _same_word(a: str, b: str) -> bool:
    """One word in two inflections or spellings: equal, or sharing the first letters of a stem
    ("optimisation" and "optimization", "norm" and "normalization", "models" and "model")."""
    n = min(len(a), len(b), _STEM)
    return a == b or (n >= 4 and a[:n] == b[:n])


def _initials(form: str) -> str:
    """First letters of the words, an acronym inside counting with all its capitals ("Graph RAG": GRAG)."""
    stop = rules().stop_words
    out = []
    for w in _WORDS.findall(form):
        if w.lower() in stop:
            continue
        out.append("".join(c for c in w if c.isupper() or c.isdigit()) if is_acronym(w) else w[0].upper())
    return "".join(out)


@lru_cache(maxsize=1 << 16)
def same_expansion(a: str, b: str) -> bool:
    """Whether two spelled-out forms of an acronym name the same thing.

    They agree when one is the other's spelling ("Low-Rank Adaptation", "low rank adaptations"),
    or every content word of the shorter one (two at least) is a word of the longer one, which may
    add words ("Segment Anything" and "Segment-Anything Model"; "layer norm" and "layer
    normalization"), or when one abbreviates part of the other ("Graph RAG" and "Graph
    Retrieval-Augmented Generation"). Expansions that share only generic words do not: "Contrastive
    Policy Optimization" is not "Contrastive Preference Optimization", nor "Trajectory-aware
    Relative Policy Optimization" "Trust Region Policy Optimization"."""
    if variant_key(a) == variant_key(b):
        return True
    for split in (True, False):
        wa, wb = _content_words(a, split), _content_words(b, split)
        short, long_ = sorted((wa, wb), key=len)
        if len(short) >= 2 and all(any(_same_word(w, x) for x in long_) for w in short):
            return True
    if not any(is_acronym(w) for w in _WORDS.findall(f"{a} {b}")):
        return False
    ia, ib = _initials(a), _initials(b)
    wa, wb = _content_words(a, True), _content_words(b, True)
    return len(ia) >= 2 and ia == ib and any(_same_word(w, x) for w in wa for x in wb)


def local_forms(label: str, forms: Iterable[str]) -> tuple[str, ...]:
    """The forms of one paper's measure that are shorthand for a narrower form of the same paper.

    A paper that defines "attack success rate" and then writes "success rate" means the former;
    another paper's "success rate" (of ALFWorld tasks) is another measure. Such a form still
    finds its paper's mentions and claims, but is no key across papers; so is a head written in
    capitals ("FLOPs" after "training FLOPs"), whereas an acronym that spells the measure out
    ("ASR") is no head of it and stays a key. Only metrics: a method called by the last word of
    its name ("3D Gaussian Splatting", "Gaussian Splatting") is usually the same method."""
    if label != "Metric":
        return ()
    forms = list(forms)
    return tuple(f for f in forms if any(g != f and narrows(g, f) for g in forms))


@lru_cache(maxsize=1)
def _version_words() -> frozenset[str]:
    """Words that name a version or size of a model or benchmark ("mini", "Pro", "XL"): the
    extractor's list (``version_words`` in paperkg/extract/data/entity_rules.json)."""
    from paperkg.extract.resources import word_set

    return frozenset(k for w in word_set("entity_rules.json", "version_words") if (k := variant_key(w)))


@lru_cache(maxsize=1 << 16)
def variant(label: str, form: str, canonical: str) -> tuple[str, ...]:
    """What ``form`` adds to its gazetteer name ``canonical``; () when it is that name (a spelling,
    an abbreviation or an expansion of it).

    A method or dataset adds a version or size: numbers ("AISHELL-2", "GPT-3 175B"; see
    :func:`~paperkg.extract.gazetteer.version_suffix`) or version words after the name
    ("o3-mini", "ScreenSpot-Pro"), also run together with it ("ImageNet1K"). A metric adds the
    words that narrow it ("API cost" for "cost"; :func:`narrows`); its numbers are how it is
    reported ("BLEU-4" is BLEU)."""
    form_t, canon_t = variant_keys(form), variant_keys(canonical)
    if label == "Metric":
        return form_t[: len(form_t) - len(canon_t)] if narrows(form, canonical) else ()
    if number := version_suffix(form, canonical):
        return (number,)
    n = len(canon_t)
    if len(form_t) > n and form_t[:n] == canon_t and _version_words() & set(form_t[n:]):
        return form_t[n:]
    # written as one word ("ImageNet1K", "ScreenSpotPro"): the key goes on past the name's
    form_k, canon_k = variant_key(form), variant_key(canonical)
    rest = form_k[len(canon_k) :] if canon_k and form_k.startswith(canon_k) else ""
    if rest and (rest in _version_words() or any(c.isdigit() for c in rest)):
        return (rest,)
    return ()


@lru_cache(maxsize=1 << 16)
def misread_acronym(entity_type: EntityType, forms: tuple[str, ...], canonical: str) -> bool:
    """Whether the paper spells its acronym out otherwise than the gazetteer entry ``canonical``.

    The extractor takes an entry's name from the acronym alone ("SAM"); when the abstract says
    "Sharpness-Aware Minimization (SAM)" and the entry is "Segment Anything Model", the text wins.
    Only spelled-out forms of two words or more that start like the acronym count (not "voxceleb"
    for "VoxCeleb", nor extraction debris), and an entry that spells out nothing ("GQA" the
    dataset) decides nothing."""
    acronyms = [f for f in forms if is_acronym(f)]
    initials = {a.strip()[:1].lower() for a in acronyms}
    own_keys = {variant_key(a) for a in acronyms}
    spelled = [
        f for f in forms
        if f.strip()[:1].lower() in initials and len(variant_keys(f)) >= 2 and variant_key(f) not in own_keys
    ]
    if not spelled:
        return False
    try:
        entry = Gazetteer.load().by_name(entity_type, canonical)
    except (OSError, ValueError):  # a broken gazetteer must not stop a build
        return False
    if entry is None:
        return False
    known = [f for f in entry.forms if not is_acronym(f)]
    return bool(known) and not any(same_expansion(a, b) for a in spelled for b in known)


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
        return self.by_paper_key.get((label, paper_id, variant_key(form)))

    def paper_lookup(self, entities: Iterable[Entity]) -> PaperLookup:
        """What :meth:`resolve` answers for one paper, from its own entities as the graph reads
        them (:func:`paperkg.graph.context.paper_entities`; no per-paper index)."""
        keymap: dict[tuple[str, str], str] = {}
        for sig in sorted(s for s in map(signature, entities) if s is not None):
            cid = self.by_signature.get(sig)
            if cid is None:
                continue
            for f in sig[1]:
                if k := variant_key(f):
                    keymap[(sig[0], k)] = cid
        return PaperLookup(keymap)


@dataclass(slots=True)
class PaperLookup:
    keymap: dict[tuple[str, str], str]

    def resolve(self, label: str, paper_id: str, form: str | None) -> str | None:
        return self.keymap.get((label, variant_key(form))) if form else None


_LABEL_OF_TYPE = {"METHOD": "Method", "DATASET": "Dataset", "METRIC": "Metric"}


Signature = tuple[str, tuple[str, ...], "str | None", str, tuple[str, ...]]


def signature(entity: Entity) -> Signature | None:
    """What resolution looks at in a per-paper entity; equal signatures always share a cluster:
    (label, forms, gazetteer name kept as a key, preferred form, local forms).

    Local forms find the paper's own mentions and claims but are no key across papers:

    * a measure's shorthand for a narrower measure of the same paper (:func:`local_forms`);
    * when the extractor grouped several versions or narrowings of one gazetteer entry into one
      entity ("o3" and "o3-mini", "inference cost" and "computational cost", joined only by the
      entry), the forms whose :func:`variant` differs from the preferred form's: one node per
      version or measure, not a chain gluing them together.

    The gazetteer name is no key when the preferred form is a version or narrowing of it (a
    leaderboard must not mix two test sets, models or measures), or when the paper spells its
    acronym out otherwise than the entry (:func:`misread_acronym`)."""
    forms = tuple(f for f in dict.fromkeys([entity.name, *entity.aliases]) if f and f.strip())
    if not forms:
        return None
    label = _LABEL_OF_TYPE[entity.type]
    local = local_forms(label, forms)
    canonical = entity.canonical or None
    if canonical:
        preferred = next((f for f in (entity.name, *forms) if f not in local), forms[0])
        own = variant(label, preferred, canonical)
        local += tuple(f for f in forms if f not in local and variant(label, f, canonical) != own)
        if own or misread_acronym(entity.type, forms, canonical):
            canonical = None
    return (label, forms, canonical, entity.name, local)


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
    local: tuple[str, ...] = ()  # forms that find this paper's mentions but are no key across papers

    def keys(self) -> set[str]:
        """Every form's key: what the item's own paper may write for it."""
        return {k for k in (variant_key(f) for f in self.forms) if k}

    def shared_forms(self) -> list[str]:
        """The forms that are keys across papers (all but the local ones)."""
        return [f for f in self.forms if f not in self.local]

    def strong_keys(self, weak: set[str]) -> set[str]:
        """Keys that identify on their own: long forms, and the gazetteer name even when short."""
        ks = {k for k in (variant_key(f) for f in self.shared_forms()) if k and k not in weak}
        if self.canonical:
            ks.add(variant_key(self.canonical))
        return {k for k in ks if k}

    def weak_keys(self, weak: set[str]) -> set[str]:
        return {k for k in (variant_key(f) for f in self.shared_forms()) if k in weak}

    def defines(self, weak: set[str]) -> bool:
        """Has a long form (or a gazetteer name), so its acronyms can be read through it."""
        return bool(self.canonical) or any(variant_key(f) not in weak for f in self.shared_forms())

    def display_name(self) -> str:
        """The preferred form, unless it is a local shorthand: then the first form that is not."""
        if self.name not in self.local:
            return self.name
        return next((f for f in self.forms if f not in self.local), self.name)


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
        """One per-paper entity, as the graph reads it (:func:`paperkg.graph.context.paper_entities`
        gives its type from the paper's context)."""
        sig = signature(entity)
        if sig is None:
            return
        item = self._by_sig.get(sig)
        if item is None:
            item = _Item(sig[0], paper_id, entity.name, list(sig[1]), sig[2], sig=sig, count=0, local=sig[4])
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
        uf = UnionFind()
        # A form is weak when it, or any spelling of it in the corpus, looks like an acronym
        # ("map" written for "mAP" is still the acronym, not a long form defining it).
        weak = {k for it in items for f in it.forms if is_acronym(f) and (k := variant_key(f))}
        # A stored entity named exactly like a gazetteer entry of this input is that entry (its name
        # came from the same canonical name in an earlier build): without this, an update whose
        # papers write only the short canonical name ("LoRA") found two definers of it.
        canon_keys = {variant_key(it.canonical) for it in items if it.canonical}
        strong_owner: dict[str, int] = {}
        for i, it in enumerate(items):
            strong = it.strong_keys(weak)
            if it.anchor is not None and (named := variant_key(it.name)) in canon_keys:
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
                    {f for i in definers[k] for f in items[i].shared_forms() if variant_key(f) not in weak}
                    | {c for i in definers[k] if (c := items[i].canonical)}
                )
                shown = next((f for i in users[k] for f in items[i].forms if variant_key(f) == k), k)
                ambiguous[shown] = longs
                for i in bare:
                    uf.union(bare[0], i)
        if ambiguous:
            out.ambiguous[label] = dict(sorted(ambiguous.items()))
        ambiguous_keys = {variant_key(a) for a in ambiguous}

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
                if it.paper_id is None or it.sig is None:  # an anchor (which has no signature)
                    continue
                out.by_signature[it.sig] = cl.id
                for pid in it.papers:
                    for k in it.keys():
                        out.by_paper_key[(label, pid, k)] = cl.id

    @staticmethod
    def _make_cluster(label: str, members: list[_Item], ambiguous_keys: set[str]) -> Cluster:
        anchors = sorted((m.anchor for m in members if m.anchor), key=lambda a: a.id)
        # local forms name the node only in their own paper: neither aliases nor keys of it
        forms = sorted({f.strip() for m in members for f in m.shared_forms()})
        keys = frozenset(variant_key(f) for f in forms) - {""}
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
                        votes[variant_key(m.display_name())] += m.count
                    for f in m.shared_forms():
                        spelled[f.strip()] += m.count
                best = min(votes, key=lambda k: (k in ambiguous_keys, -votes[k], -len(k), k))
                name = min(
                    (f for f in spelled if variant_key(f) == best),
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
