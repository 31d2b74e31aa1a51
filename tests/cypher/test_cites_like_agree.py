"""One cites-like: `paperkg cites-like`, the named query `cites-like` and the "Papers to read" of a method's
page in the site give the same papers in the same order (docs/analytics.md, "cites-like"), on the store
the real pipeline builds from examples/hf-daily-papers.

The command and the page also list related papers (personalised PageRank) after the papers that name the
method; the named query gives only the latter, so those are what is compared (``--related 0``).
"""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from paperkg.cli import app
from paperkg.cypher.analytics.lookups_on_store import resolve_on_store
from paperkg.cypher.ladybug import LadybugStore
from paperkg.viz.page_paths import page_path

runner = CliRunner()
NAMED = ["LoRA", "low-rank adaptation", "Transformer", "mixture of experts", "BatchPrompt", "GPT-4",
         "reinforcement learning", "DPO"]
_CITE = re.compile(r'<li( class="indirect")?><div class="cite-head"><a href="\.\./([^"]+)"')


@pytest.fixture(scope="module")
def site(sample_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("agree") / "site"
    r = runner.invoke(app, ["viz", "--db", str(sample_db), "--out", str(out)])
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def methods(sample_db):
    """The named ones and the 12 methods with the most papers (hubs of the sample: many ties)."""
    with LadybugStore(sample_db, read_only=True) as s:
        busiest = "MATCH (m:Method) RETURN m.name ORDER BY m.papers DESC, m.id LIMIT 12"
        top = [r[0] for r in s.run(busiest).rows]
        keys = {}
        for name in dict.fromkeys([*NAMED, *top]):
            found = resolve_on_store(s, name, "Method")
            keys[name] = found.key
    return keys


def _cli(db, name: str, limit: int) -> list[str]:
    r = runner.invoke(app, ["cites-like", name, "--db", str(db), "--limit", str(limit), "--related", "0",
                            "--json"])
    assert r.exit_code == 0, r.output
    return [row["id"] for row in json.loads(r.stdout)]


def _named(db, name: str, limit: int) -> list[str]:
    r = runner.invoke(app, ["query", "cites-like", "-p", f"method={name}", "-p", f"limit={limit}",
                            "--db", str(db), "--json"])
    assert r.exit_code == 0, r.output
    return [row["paper"] for row in json.loads(r.stdout)]


def _page(site, key: str) -> list[str]:
    """The hrefs of the page's papers to read that name the method, in page order."""
    html = (site / page_path(key)).read_text(encoding="utf-8")
    block = html[html.index('<ol class="cites">'):]
    block = block[:block.index("</ol>")]
    return [href for indirect, href in _CITE.findall(block) if not indirect]


@pytest.mark.parametrize("limit", [20, 5, 1])
def test_command_named_query_and_page_rank_alike(sample_db, site, methods, limit):
    compared = 0
    for name, key in methods.items():
        cli = _cli(sample_db, name, limit)
        assert cli, name
        assert _named(sample_db, name, limit) == cli, name
        page = _page(site, key)[:limit]  # the page lists the first 20, as the command by default
        assert page == [page_path(f"Paper:{pid}") for pid in cli], name
        compared += len(cli) > 1
    assert compared >= (len(methods) // 2 if limit > 1 else 0)  # real rankings, not single rows


def test_the_hubs_have_papers_in_every_tier(sample_db):
    r = runner.invoke(app, ["query", "cites-like", "-p", "method=LoRA", "--db", str(sample_db), "--json"])
    rows = json.loads(r.stdout)
    assert {row["relation"] for row in rows} >= {"compares", "mentions"}
    order = [(row["tier"], row["strength"]) for row in rows]
    assert order == sorted(order, reverse=True)
