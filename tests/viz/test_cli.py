"""`paperkg viz` and its subcommands, run on a real LadybugDB store (the documented examples)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from paperkg.cli import app

runner = CliRunner()


def test_site_from_the_store(store_path, tmp_path):
    out = tmp_path / "site"
    result = runner.invoke(app, ["viz", "--db", str(store_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote 30 pages" in result.stdout
    assert (out / "index.html").is_file() and (out / "method/lora.html").is_file()


def test_site_json_and_max_nodes(store_path, tmp_path):
    out = tmp_path / "site"
    args = ["viz", "--db", str(store_path), "--out", str(out), "--max-nodes", "5", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["overview_nodes"] == 5
    assert report["pages"]["method"] == 10 and report["total_pages"] == 30


def test_one_page_subcommands(store_path, tmp_path):
    for args, node in ((["method", "LoRA"], "Method:lora"), (["dataset", "MMLU"], "Dataset:mmlu"),
                       (["paper", "2106.09685"], "Paper:2106.09685"),
                       (["method", "low-rank adaptation"], "Method:lora")):
        out = tmp_path / f"{args[0]}.html"
        result = runner.invoke(app, ["viz", *args, "-o", str(out), "--db", str(store_path), "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["node"] == node
        assert "vis.Network" in out.read_text(encoding="utf-8")


def test_db_option_on_the_group_reaches_the_subcommand(store_path, tmp_path):
    out = tmp_path / "lora.html"
    result = runner.invoke(app, ["viz", "--db", str(store_path), "method", "LoRA", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()


def test_unknown_name_suggests_and_exits_1(store_path, tmp_path):
    out = tmp_path / "x.html"
    result = runner.invoke(app, ["viz", "method", "LoRa-X", "-o", str(out), "--db", str(store_path)])
    assert result.exit_code == 1
    assert "did you mean" in result.stderr and "LoRA" in result.stderr
    assert not out.exists()


def test_missing_store_and_missing_out_are_one_line_errors(tmp_path):
    result = runner.invoke(app, ["viz", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no store at")
    result = runner.invoke(app, ["viz", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "--out" in result.stderr
