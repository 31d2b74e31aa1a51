"""The trend charts in the generated HTML, without a browser: papers per month on method and dataset pages,
the best value per month on dataset pages, the rising methods on the index; computed once per site.

The fixture graph's dated papers span 2021-01 to 2024-02 (38 months); the hostile paper has no date.
"""

from __future__ import annotations

import re
from pathlib import Path

from graphs import HOSTILE_DATASET, HOSTILE_METHOD, ent_id, make_graph
from typer.testing import CliRunner

from paperkg.cli import app
from paperkg.graph.analytics.answers import BestPerMonth, BestPoint
from paperkg.viz.charts import best_svg, papers_svg
from paperkg.viz.page_paths import page_path
from paperkg.viz.site import build_site, write_page
from paperkg.viz.site_trends import MAX_CHART_MONTHS, BestChart, MonthChart, papers_chart, trend_source

MONTHS = 38
runner = CliRunner()


def page(root: Path, key: str) -> str:
    return (root / page_path(key)).read_text(encoding="utf-8")


def svg(html: str, kind: str) -> str | None:
    m = re.search(rf'<svg class="chart chart-{kind}[^"]*".*?</svg>', html, re.S)
    return m.group(0) if m else None


def test_method_page_has_a_bar_per_month_with_a_tooltip(site):
    root, _ = site
    chart = svg(page(root, "Method:lora"), "papers")
    assert chart is not None and "chart-method" in chart
    assert chart.count('<rect class="bar"') == MONTHS == chart.count("<title>")  # the chart's: <title id=…>
    titles = re.findall(r'<rect class="bar"[^>]*><title>([^<]*)</title>', chart)
    assert titles[0] == "2021-01: 0 papers" and titles[-1] == "2024-02: 1 paper"
    assert {t for t in titles if not t.endswith(" 0 papers")} == {"2021-06: 1 paper", "2023-05: 1 paper",
                                                                  "2024-02: 1 paper"}
    heights = [int(h) for h in re.findall(r'<rect class="bar"[^>]*height="(\d+)"', chart)]
    assert sum(h > 0 for h in heights) == 3 and max(heights) == 96
    assert 'role="img" aria-labelledby="papers-chart-title papers-chart-desc"' in chart
    assert '<title id="papers-chart-title">Papers per month naming LoRA</title>' in chart
    assert "2021-01 to 2024-02: 3 papers, most in 2021-06 (1)." in chart
    html = page(root, "Method:lora")
    assert "1 of its 4 papers has no month" in html  # the hostile paper: no date
    assert "<script" not in chart and "href" not in chart  # nothing to fetch, nothing to run


def test_dataset_page_has_papers_and_the_best_value_per_month(site):
    root, _ = site
    html = page(root, "Dataset:mmlu")
    chart = svg(html, "papers")
    assert chart is not None and "chart-dataset" in chart and chart.count('<rect class="bar"') == MONTHS
    best = svg(html, "best")  # DoRA's 78.4% accuracy (QLoRA's +2.1% is a gain, never a best value)
    assert best is not None and best.count('<circle class="point"') == 1
    assert "<title>2024-02: best 78.4% (1 result)</title>" in best
    assert "Best reported accuracy (%) per month on MMLU" in best
    assert "Best accuracy (%) per month</h2>" in html and 'href="../metric/accuracy.html"' in html
    glue = page(root, "Dataset:glue")  # perplexity: lower is better
    assert "<title>2024-02: best 5.2 (1 result)</title>" in svg(glue, "best") and "lower is better" in glue
    vicuna = page(root, "Dataset:vicuna-benchmark")  # its one result names no metric: no best-value chart
    assert svg(vicuna, "papers") is not None and svg(vicuna, "best") is None


def test_no_chart_without_dated_papers(site):
    root, _ = site
    for key in (f"Method:{ent_id(HOSTILE_METHOD)}", f"Dataset:{ent_id(HOSTILE_DATASET)}"):
        html = page(root, key)
        assert "<svg" not in html and "Papers per month" not in html, key
    assert "<svg" not in page(root, "Metric:accuracy") and "<svg" not in page(root, "Paper:2106.09685")


def test_index_lists_the_rising_methods(site):
    root, _ = site
    html = (root / "index.html").read_text(encoding="utf-8")
    section = re.search(r'<section class="card" id="rising-methods">.*?</section>', html, re.S).group(0)
    assert "2023-09 to 2024-02 against 2023-03 to 2023-08" in section
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    assert len(items) == 1 and ">DoRA</a>" in items[0] and "0 → 1" in items[0] and "+1" in items[0]
    assert "1 of 5 papers have no month" in section


def test_standalone_page_keeps_its_chart(graph, tmp_path):
    html = write_page(graph, "Method:lora", tmp_path / "lora.html").read_text(encoding="utf-8")
    assert svg(html, "papers").count('<rect class="bar"') == MONTHS


def test_chart_text_is_escaped():
    chart = MonthChart(months=["2024-01", "2024-02"], values=[0, 3], dated=3, undated=0, capped=False)
    out = str(papers_svg(chart, HOSTILE_METHOD, "Method"))
    assert "<img" not in out and "&lt;img src=x onerror=alert(2)&gt;Net" in out
    series = BestPerMonth("d", "m", "<b>acc</b>", "<i>", "higher", 1, [BestPoint("2024-02", 1.0, 1)])
    out = str(best_svg(BestChart(["2024-01", "2024-02"], series, None), HOSTILE_DATASET))
    assert "<b>" not in out and "<i>" not in out and "<script>" not in out


def test_long_ranges_show_the_last_ten_years():
    G = make_graph()
    G.nodes["Paper:2101.00190"]["date"] = "1990-01-01"  # prefix-tuning's paper, 34 years before the others
    src = trend_source(G)
    chart = papers_chart(src, "Method:prefix-tuning", 1)
    assert chart is None  # its only paper is before the months a chart shows
    chart = papers_chart(src, "Method:lora", 4)
    assert len(chart.months) == MAX_CHART_MONTHS and chart.capped and chart.months[-1] == "2024-02"


def test_a_site_computes_its_trends_once(tmp_path, monkeypatch):
    def per_page(*args, **kwargs):
        raise AssertionError("a page computed its own trends")

    monkeypatch.setattr("paperkg.viz.views.trend_source", per_page)
    report = build_site(make_graph(), tmp_path)
    assert report.pages["method"] == 10
    assert svg(page(tmp_path, "Method:lora"), "papers") is not None


def test_the_cli_site_reads_its_trends_from_the_store(store_path, tmp_path, monkeypatch):
    def in_memory(*args, **kwargs):
        raise AssertionError("computed from the in-memory graph")

    monkeypatch.setattr("paperkg.viz.site.trend_source", in_memory)
    monkeypatch.setattr("paperkg.viz.views.trend_source", in_memory)
    monkeypatch.setattr("paperkg.viz.views.trends", in_memory)
    result = runner.invoke(app, ["viz", "--db", str(store_path), "--out", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    assert svg(page(tmp_path, "Dataset:mmlu"), "best") is not None
    assert ">DoRA</a>" in (tmp_path / "index.html").read_text(encoding="utf-8")
