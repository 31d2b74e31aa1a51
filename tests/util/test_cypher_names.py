"""Cypher quoting: identifiers of the graph schema and string lists written into a statement."""

from paperkg.util.cypher_names import cypher_list, q


def test_identifiers_are_back_quoted():
    assert q("IN") == "`IN`"


def test_cypher_list_quotes_what_a_string_literal_needs():
    assert cypher_list(["b", "kendall's tau", "a\\b"]) == "['a\\\\b', 'b', 'kendall\\'s tau']"
