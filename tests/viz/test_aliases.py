"""Alias lists a reader can scan, and paper metadata shown as what it is."""

from __future__ import annotations

import networkx as nx

from paperkg.viz.views import aliases_of, distinct_aliases


def test_case_space_and_hyphen_variants_are_one_alias():
    forms = ["SFT", "Supervised Fine Tuning", "Supervised Fine-Tuning", "supervised finetuning",
             "supervisedfinetuning", "Supervised fine-tuning", "self-supervised fine-tuning"]
    assert distinct_aliases("SFT training", forms) == [  # sorted ignoring case
        "self-supervised fine-tuning", "SFT", "Supervised fine-tuning"]


def test_forms_that_only_respell_the_name_are_not_aliases():
    forms = ["Chain of Thought", "chain of thought", "CoT", "COT"]
    assert distinct_aliases("chain-of-thought", forms) == ["COT"]
    assert distinct_aliases("LoRA", ["lora", "LORA", "Low-Rank Adaptation"]) == ["Low-Rank Adaptation"]


def test_plural_and_acronym_forms_stay_apart():
    assert distinct_aliases("diffusion model", ["DM", "DMs", "Diffusion Models", "diffusion models"]) == [
        "diffusion models", "DM", "DMs"]


def test_exact_keeps_punctuation_variants_for_search():
    forms = ["fine tuning", "fine-tuning", "Fine-Tuning"]
    assert distinct_aliases("FT", forms, exact=True) == ["fine tuning", "fine-tuning"]
    assert distinct_aliases("FT", forms) == ["fine tuning"]  # as many word breaks, no capital


def test_page_aliases_come_from_the_node():
    G = nx.MultiDiGraph()
    G.add_node("Method:x", label="Method", id="x", name="GRPO",
               aliases=["grpo", "Group Relative Policy Optimization", "group relative policy optimization"])
    assert aliases_of(G, "Method:x") == ["group relative policy optimization"]
    assert aliases_of(G, "Method:x", exact=True) == ["group relative policy optimization"]


def test_a_paper_page_lists_its_listing_metadata_apart_from_its_entities():
    from paperkg.viz.views import paper_view, site_hrefs

    G = nx.MultiDiGraph()
    G.add_node("Paper:p", label="Paper", id="p", title="A Paper", abstract="We study things.",
               listed="2026-08-14", comments=3, keywords=["reinforcement learning", "agents"])
    meta = paper_view(G, "Paper:p", site_hrefs).meta
    assert meta["Listed"] == "2026-08-14" and meta["Comments"] == "3"
    assert meta["Source keywords"] == "reinforcement learning, agents"
