"""Building the extraction pipeline and running it over paper records.

Two profiles ship. **accurate** (the default) is a saved spaCy pipeline in this package
(``models/accurate``): the rule components, then a ``tok2vec`` and ``ner`` trained on the
project's annotated abstracts (training/README.md) that take the rules' reading as features, then
the components that group mentions into entities, flag proposed ones and link results. **fast**
is the rules alone, assembled from ``pipeline.cfg``: several times quicker, for corpora of
millions. Both give the same output schema.

The pipeline is an ordinary spaCy ``Language``, so users can also give a config file of their own
(``config_path``: remove, reorder or configure components) or add the project's components to a
pretrained spaCy pipeline they installed (``spacy_model``). Build it once per process:
components load the gazetteer and compile their matchers at construction.
"""

from __future__ import annotations

import importlib
import multiprocessing
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from itertools import islice
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import load_config, load_model_from_config
from thinc.api import use_ops
from threadpoolctl import threadpool_limits

from paperkg.extract import fields
from paperkg.extract.doctext import remember_text
from paperkg.extract.model import Extraction
from paperkg.sources.record import PaperRecord

DEFAULT_CONFIG = "pipeline.cfg"
PROFILES = ("accurate", "fast")
DEFAULT_PROFILE = "accurate"
ACCURATE_MODEL = "models/accurate"
# Modules whose import registers the project's factories and callbacks.
COMPONENT_MODULES = (
    "paperkg.extract.lexical",
    "paperkg.extract.tokenizer",
    "paperkg.extract.sentences",
    "paperkg.extract.abbreviations",
    "paperkg.extract.entities",
    "paperkg.extract.hints",
    "paperkg.extract.greedy_ner",
    "paperkg.extract.proposed",
    "paperkg.extract.results",
    "paperkg.extract.links",
)


class PipelineError(ValueError):
    """A pipeline config or model that cannot be used (reported to the user as one line)."""


def register_components() -> None:
    for name in COMPONENT_MODULES:
        importlib.import_module(name)


def default_config_path() -> Path:
    return Path(str(resources.files("paperkg.extract").joinpath(DEFAULT_CONFIG)))


def accurate_model_path() -> Path:
    return Path(str(resources.files("paperkg.extract").joinpath(ACCURATE_MODEL)))


def load_pipeline(
    config_path: str | Path | None = None,
    spacy_model: str | None = None,
    profile: str = DEFAULT_PROFILE,
) -> Language:
    """The extraction pipeline of ``profile``, or from ``config_path`` when given.

    With ``spacy_model`` (an installed package name or a path saved with ``nlp.to_disk``), the
    components of ``config_path`` (default: the fast profile's ``pipeline.cfg``) are added to that
    pipeline: sentence boundaries first, so a parser keeps them, the others at the end.

    Trained components multiply matrices through numpy's BLAS, not thinc's default BLIS: the BLIS
    that thinc ships picks its slow generic kernel on CPUs it does not know (AMD Zen 4 here: 4x
    slower than OpenBLAS for the tok2vec's products), and numpy's OpenBLAS detects the CPU at run
    time. Only the matrix products change (docs/benchmarks.md); the process's default is kept.
    """
    register_components()
    with use_ops("numpy", use_blis=False):
        return _build(config_path, spacy_model, profile)


def _build(config_path: str | Path | None, spacy_model: str | None, profile: str) -> Language:
    if profile not in PROFILES:
        raise PipelineError(f"unknown profile {profile!r}; choose one of: {', '.join(PROFILES)}")
    if config_path is None and spacy_model is None and profile == "accurate":
        return _load_saved(accurate_model_path())
    path = Path(config_path) if config_path else default_config_path()
    if not path.is_file():
        raise PipelineError(f"pipeline config not found: {path}")
    try:
        config = load_config(path)
    except Exception as exc:  # spaCy's config errors are long; keep the first line
        raise PipelineError(f"cannot read pipeline config {path}: {str(exc).splitlines()[0]}") from exc
    if spacy_model is None:
        try:
            return load_model_from_config(config, auto_fill=True, validate=True)
        except Exception as exc:
            raise PipelineError(f"invalid pipeline config {path}: {_first_line(exc)}") from exc
    try:
        nlp = spacy.load(spacy_model)
    except OSError as exc:
        raise PipelineError(f"cannot load spaCy pipeline {spacy_model!r}: {_first_line(exc)}") from exc
    components = config.get("components", {})
    for name in config["nlp"]["pipeline"]:
        settings = dict(components.get(name, {}))
        factory = settings.pop("factory", name)
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
        if factory == "paperkg_sentences":
            nlp.add_pipe(factory, name=name, config=settings, first=True)
        else:
            nlp.add_pipe(factory, name=name, config=settings)
    return nlp


def _load_saved(path: Path) -> Language:
    if not (path / "config.cfg").is_file():
        raise PipelineError(
            f"the trained pipeline is missing ({path}); run `make model`, or use --profile fast"
        )
    try:
        return spacy.load(path)
    except Exception as exc:
        raise PipelineError(f"cannot load the trained pipeline {path}: {_first_line(exc)}") from exc


@cache
def default_pipeline(profile: str = DEFAULT_PROFILE) -> Language:
    """The packaged pipeline of ``profile``, built once per process (for callers that never
    configure it)."""
    return load_pipeline(profile=profile)


def _first_line(exc: Exception) -> str:
    lines = [ln for ln in str(exc).splitlines() if ln.strip()]
    return lines[0] if lines else type(exc).__name__


def make_doc(nlp: Language, record: PaperRecord) -> Doc:
    text, spans = fields.compose(record.title, record.abstract)
    doc = nlp.make_doc(text)
    remember_text(doc, text)
    doc._.fields = spans
    doc._.paper_id = record.id
    return doc


def to_extraction(doc: Doc, record: PaperRecord) -> Extraction:
    ents = list(doc._.entities)
    return Extraction(
        id=record.id,
        title=record.title,
        methods=[e for e in ents if e.type == "METHOD"],
        datasets=[e for e in ents if e.type == "DATASET"],
        metrics=[e for e in ents if e.type == "METRIC"],
        results=list(doc._.results),
        links=list(doc._.links),
    )


def extract_record(nlp: Language, record: PaperRecord) -> Extraction:
    return to_extraction(nlp(make_doc(nlp, record)), record)


def extract_records(
    records: Iterable[PaperRecord],
    nlp: Language | None = None,
    batch_size: int = 64,
    n_process: int = 1,
    config_path: str | Path | None = None,
    spacy_model: str | None = None,
    profile: str = DEFAULT_PROFILE,
) -> Iterator[Extraction]:
    """Extractions in input order. ``n_process > 1`` runs worker processes, each building its
    own pipeline from ``config_path``/``spacy_model``/``profile`` (a pipeline object cannot be
    shared)."""
    if n_process > 1:
        yield from _parallel(records, batch_size, n_process, config_path, spacy_model, profile)
        return
    if nlp is None:
        nlp = (
            default_pipeline(profile)
            if config_path is None and spacy_model is None
            else load_pipeline(config_path, spacy_model, profile)
        )
    pairs = ((make_doc(nlp, r), r) for r in records)
    for doc, record in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield to_extraction(doc, record)


# ---- worker processes -------------------------------------------------------------------------
_worker_nlp: Language | None = None


def _init_worker(config_path: str | None, spacy_model: str | None, profile: str) -> None:
    global _worker_nlp
    # One BLAS thread per worker: the workers already fill the cores, and each worker's BLAS
    # starting a thread per core as well made extraction half again as slow (docs/benchmarks.md).
    threadpool_limits(limits=1, user_api="blas")
    if config_path is None and spacy_model is None:
        _worker_nlp = default_pipeline(profile)  # inherited ready-made when the process was forked
    else:
        _worker_nlp = load_pipeline(config_path, spacy_model, profile)


def _run_batch(batch: list[PaperRecord]) -> list[Extraction]:
    assert _worker_nlp is not None
    return list(extract_records(batch, nlp=_worker_nlp, batch_size=len(batch)))


def _batches(records: Iterable[PaperRecord], size: int) -> Iterator[list[PaperRecord]]:
    it = iter(records)
    while batch := list(islice(it, size)):
        yield batch


def _parallel(records, batch_size, n_process, config_path, spacy_model, profile) -> Iterator[Extraction]:
    # fork (where the platform has it) hands workers the parent's loaded pipeline for free
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    cfg = str(config_path) if config_path else None
    with ctx.Pool(n_process, initializer=_init_worker, initargs=(cfg, spacy_model, profile)) as pool:
        for batch in pool.imap(_run_batch, _batches(records, max(1, batch_size // n_process)), chunksize=1):
            yield from batch
