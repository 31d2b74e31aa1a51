"""resolve_entity: names, aliases, normalised keys, and suggestions instead of failures."""

import pytest
from analytics_graphs import tiny_graph

from paperkg.graph.analytics import Match, Suggestions, resolve_entity
from paperkg.graph.analytics.lookup import suggest
from paperkg.util.names import alnum_key


@pytest.fixture(scope="module")
def G():
    return tiny_graph()


@pytest.mark.parametrize(("typed", "key", "how"), [
    ("LoRA", "Method:lora", "name"),
    ("Lora", "Method:lora", "name"),
    ("lora", "Method:lora", "id"),
    ("LOW-RANK ADAPTATION", "Method:lora", "alias"),
    ("low rank adaptation", "Method:lora", "key"),
    ("llama2", "Method:llama-2", "key"),
    ("vision transformer", "Method:vit", "alias"),
    ("qlora", "Method:qlora", "id"),
])
def test_resolves_names_aliases_and_keys(G, typed, key, how):
    found = resolve_entity(G, typed)
    assert isinstance(found, Match)
    assert (found.key, found.matched_on) == (key, how)


def test_label_restricts_the_search(G):
    assert isinstance(resolve_entity(G, "GLUE", "Method"), Suggestions)
    assert resolve_entity(G, "glue", "Dataset").key == "Dataset:glue"


def test_any_label_and_paper_titles(G):
    assert resolve_entity(G, "ImageNet-1k", None).key == "Dataset:imagenet"
    assert resolve_entity(G, "replicating lora", None).key == "Paper:p9"
    assert resolve_entity(G, "p3", None).key == "Paper:p3"


def test_unknown_name_gives_closest_names_first(G):
    found = resolve_entity(G, "LoRAA")
    assert isinstance(found, Suggestions)
    assert found.names[:2] == ["LoRA", "QLoRA"]
    assert found.message() == "no method named LoRAA; did you mean: LoRA, QLoRA?"


def test_nothing_close_gives_no_suggestions(G):
    found = resolve_entity(G, "zzzzzz")
    assert isinstance(found, Suggestions) and found.names == []
    assert found.message() == "no method named zzzzzz"


def test_suggestions_are_capped_at_five_and_substrings_count():
    names = [(f"ResNet-{n}", []) for n in (18, 34, 50, 101, 152, 200)]
    out = suggest("resnet", names, "Method")
    assert len(out.names) == 5
    assert all(n.startswith("ResNet-") for n in out.names)


def test_alnum_key():
    assert alnum_key("Low-Rank  Adaptation!") == "lowrankadaptation"
