"""How the trained components multiply matrices: through numpy's BLAS, not thinc's default BLIS
(whose generic kernel, picked on CPUs it does not know, was 4x slower here), with one BLAS thread
in each extraction worker process (docs/benchmarks.md)."""

from __future__ import annotations

import multiprocessing

import pytest
from thinc.api import NumpyOps, get_current_ops
from threadpoolctl import threadpool_info

from paperkg.extract.pipeline import _init_worker, load_pipeline


def test_the_trained_components_multiply_through_numpys_blas():
    before = get_current_ops()
    nlp = load_pipeline(profile="accurate")
    ner = nlp.get_pipe("ner").model
    # the ner's output layer is multiplied by the greedy decoder itself (extract/greedy_ner.py)
    layers = [*nlp.get_pipe("tok2vec").model.walk(), *ner.get_ref("tok2vec").walk(), ner.get_ref("lower")]
    assert len(layers) > 10
    assert all(isinstance(layer.ops, NumpyOps) and not layer.ops.use_blis for layer in layers)
    # and the process's own default is left as it was
    assert get_current_ops() is before


def _blas_threads() -> list[int]:
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_each_extraction_worker_runs_one_blas_thread():
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1, initializer=_init_worker, initargs=(None, None, "fast")) as pool:
        threads = pool.apply(_blas_threads)
    assert threads and set(threads) == {1}
