"""Pages say how each paper names a method: the badges read proposes, compares, uses or mentions, as the
store keeps them (tests/graph/relations_corpus.py), not "uses" for every paper that is not the proposer."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))
from relations_corpus import CITES_ORDER, RELATIONS, graph  # noqa: E402

from paperkg.viz.page_paths import page_path  # noqa: E402
from paperkg.viz.site import build_site  # noqa: E402
from paperkg.viz.views import entity_view, paper_view, site_hrefs  # noqa: E402

_BADGE = re.compile(r'<a href="\.\./paper/(r\d)\.html"[^>]*>[^<]*</a> <span class="rels">'
                    r'<span class="rel rel-(\w+)">(\w+)</span></span>')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("rel-site")
    build_site(graph(), out)
    return out


def test_the_method_page_badges_each_paper_with_its_relation(site):
    html = (site / page_path("Method:lora")).read_text(encoding="utf-8")
    papers = html[html.index('id="papers"'):html.index('id="related"')]
    badges = [(pid, word) for pid, cls, word in _BADGE.findall(papers) if cls == word]
    # strongest first, as cites-like ranks them; each paper once, with its own word
    assert dict(badges) == RELATIONS
    assert [pid for pid, _ in badges] == sorted(RELATIONS, key=lambda p: (
        ["proposes", "compares", "uses", "mentions"].index(RELATIONS[p]), p))
    assert dict(badges)["r3"] == "compares" and dict(badges)["r6"] == "mentions"


def test_papers_to_read_say_why_in_words(site):
    html = (site / page_path("Method:lora")).read_text(encoding="utf-8")
    cites = html[html.index('class="cites"'):]
    row = r'<a href="\.\./paper/(r\d)\.html"[^>]*>[^<]*</a> <span class="rel rel-(\w+)">([^<]+)</span>'
    rows = re.findall(row, cites)
    assert [pid for pid, _, _ in rows][: len(CITES_ORDER)] == CITES_ORDER
    words = {pid: word for pid, _, word in rows}
    assert (words["r3"], words["r5"], words["r6"]) == ("compares with it", "uses it", "mentions it")


@pytest.mark.parametrize("pid", ["r3", "r6", "r8"])
def test_the_paper_page_badges_the_method_and_its_evidence(site, pid):
    html = (site / page_path(f"Paper:{pid}")).read_text(encoding="utf-8")
    methods = html[html.index("<h2>Methods</h2>"):html.index("<h2>Datasets</h2>")]
    badge = re.search(r'>LoRA</a> <span class="rels"><span class="rel rel-(\w+)">(\w+)</span>', methods)
    assert badge and badge.groups() == (RELATIONS[pid], RELATIONS[pid])


def test_views_carry_the_words():
    G = graph()
    view = entity_view(G, "Method:lora", site_hrefs)
    assert {p.key.split(":")[1]: rels for p, rels in view.papers} == {p: [r] for p, r in RELATIONS.items()}
    paper = paper_view(G, "Paper:r8", site_hrefs)
    lora = next(m for m in paper.entities["Method"] if m.entity.name == "LoRA")
    assert lora.relations == ["uses"]
    assert [e.relation for e in lora.evidence] == ["uses"]
    assert "".join(s.text for s in lora.evidence[0].segments) == "We build on LoRA for speech models."
