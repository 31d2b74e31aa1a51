"""De-duplication with the records' text on disk gives exactly the in-memory ``dedupe`` result."""

from __future__ import annotations

import random

from paperkg.sources.dedupe import dedupe, spool_dedupe
from paperkg.sources.problems import ProblemLog
from paperkg.sources.record import PaperRecord, SourceRef


def _records(seed: int, n: int = 400) -> list[PaperRecord]:
    """Many ways of being the same paper: same id, arXiv id, DOI or title; reused ids; conflicts."""
    rng = random.Random(seed)
    out = []
    for line in range(1, n + 1):
        k = rng.randrange(n // 3)
        out.append(
            PaperRecord(
                id=rng.choice([f"p{k}", f"p{k}", f"q{rng.randrange(n)}"]),
                title=rng.choice([f"Title {k}", f"Title {k}", f"title  {k}!", f"Other {line}", 'Odd "q"\n']),
                abstract=rng.choice([None, "", "   ", f"short {k}", f"longer {k} " * rng.randrange(4)]),
                authors=rng.sample(["A", "b", "B", "C ü"], rng.randrange(3)),
                date=rng.choice([None, "--06-21", "2024-06-21"]),
                year=rng.choice([None, 2024]),
                upvotes=rng.choice([None, line]),
                url=rng.choice([None, f"u{line}"]),
                arxiv_id=rng.choice([None, None, f"2101.{k:05d}", f"2202.{line:05d}"]),
                doi=rng.choice([None, None, f"10.1/{k}", f"10.2/{line}"]),
                categories=rng.sample(["cs.LG", "cs.CL"], rng.randrange(3)),
                sources=[SourceRef("f.jsonl", line, "jsonl")],
            )
        )
    return out


def test_spooled_dedupe_gives_the_same_records_and_problems(tmp_path):
    for seed in range(5):
        recs = _records(seed)
        mem_problems, spool_problems = ProblemLog(), ProblemLog()
        expected = dedupe([PaperRecord.from_dict(r.to_dict()) for r in recs], mem_problems)
        spooled = spool_dedupe(recs, tmp_path / f"spool-{seed}.jsonl", spool_problems)
        assert len(spooled) == len(expected) < len(recs)
        assert [r.to_dict() for r in spooled] == [r.to_dict() for r in expected]
        assert spool_problems.counts == mem_problems.counts
        with_text = spooled.with_abstract()
        assert [r.id for r in with_text] == [r.id for r in expected if r.has_abstract]
        assert len(with_text) == sum(r.has_abstract for r in expected)
        assert mem_problems.counts.get("duplicate-id")  # the corpus exercises the reused-id rule


def test_two_iterations_side_by_side_and_the_spool_is_removed(tmp_path):
    spooled = spool_dedupe(_records(9, 60), tmp_path / "s.jsonl")
    pairs = list(zip(spooled, spooled, strict=True))
    assert all(a.id == b.id for a, b in pairs) and len(pairs) == len(spooled)
    spooled.remove()
    assert not (tmp_path / "s.jsonl").exists()
