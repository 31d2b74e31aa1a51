"""Measuring the extractor: P/R/F1 against annotated gold (scoring.py, the reference scorer's rules)
and SciERC documents read as gold (scierc.py). Used by ``paperkg eval``, training/ and bench/; no
pipeline stage imports it."""
