"""Build engines: how extraction is spread over processes or machines, and how its output is loaded.

Every engine writes the same *parts* (``part-00000.jsonl``, one ``{"paper": …, "extraction": …}``
per line, in input order; see :mod:`paperkg.engines.parts`); :mod:`paperkg.engines.load` turns the
parts into the store in batches. ``local`` extracts in this machine's processes, ``dask`` on a Dask
cluster (optional dependency).
"""

ENGINES = ("local", "dask")


class EngineError(Exception):
    """An engine that cannot run as asked (missing dependency, bad scheduler address); one line."""
