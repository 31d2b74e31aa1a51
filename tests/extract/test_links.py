"""Code and project links: as written, trailing punctuation stripped, deduplicated, schemeless hosts too."""

from __future__ import annotations

import pytest
import spacy

from paperkg.extract import links  # noqa: F401  (registers the factory)
from paperkg.extract.fields import compose
from paperkg.extract.links import clean_url, find_links


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Code is available at https://github.com/gqk/LAE.", ["https://github.com/gqk/LAE"]),
        (
            "Models: https://huggingface.co/org/model-8B-Instruct.",
            ["https://huggingface.co/org/model-8B-Instruct"],
        ),
        (
            "See (https://gitlab.com/a/b), or https://proj.github.io/page/;",
            ["https://gitlab.com/a/b", "https://proj.github.io/page/"],
        ),
        ("Code: github.com/x/y, demo at www.github.com/x/z!", ["github.com/x/y", "www.github.com/x/z"]),
        ("Project page: my-lab.github.io/Cool-Project.", ["my-lab.github.io/Cool-Project"]),
        (
            "Notebooks: https://github.com/ibm/tsfm/#notebooks-links",
            ["https://github.com/ibm/tsfm/#notebooks-links"],
        ),
        ("Wiki https://en.wikipedia.org/wiki/A_(b).", ["https://en.wikipedia.org/wiki/A_(b)"]),
        ("No links here, only e.g. 3.5% and a.b.", []),
        ("Mail me at someone@github.com/x please", []),
    ],
)
def test_find_links(text, expected):
    assert find_links(text) == expected


def test_duplicates_are_dropped_keeping_the_first_as_written():
    text = (
        "https://github.com/a/b. Also https://github.com/a/b/ and github.com/a/b and https://github.com/A/B."
    )
    assert find_links(text) == ["https://github.com/a/b", "github.com/a/b"]


def test_clean_url_keeps_balanced_brackets():
    assert clean_url("https://x.org/a_(b))..") == "https://x.org/a_(b)"
    assert clean_url('https://x.org/a"') == "https://x.org/a"


def test_component_fills_doc_links_from_title_and_abstract():
    nlp = spacy.blank("en")
    nlp.add_pipe("paperkg_links")
    text, spans = compose("Tool (github.com/t/tool)", "Code at https://github.com/t/tool2.")
    doc = nlp.make_doc(text)
    doc._.fields = spans
    assert nlp(doc)._.links == ["github.com/t/tool", "https://github.com/t/tool2"]


def test_doc_text_is_built_once_and_matches_the_doc():
    from paperkg.extract.doctext import doc_text

    doc = spacy.blank("en")("Some text with https://github.com/a/b. ")
    assert doc_text(doc) == doc.text
    doc.user_data["paperkg_text"] = "stale"  # wrong length: rebuilt
    assert doc_text(doc) == doc.text
    assert doc_text(spacy.blank("en")("")) == ""
