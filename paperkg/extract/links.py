"""Code and project links in a paper's title and abstract.

Abstracts end with "Code is available at https://github.com/x/y." — so a link is cut at the
first character a URL cannot hold in prose, and trailing sentence punctuation is dropped
(a closing bracket only when it has no opening partner inside the URL, so that
"https://en.wikipedia.org/wiki/A_(b)" survives). Hosts that are always code or model homes
(GitHub, GitLab, Hugging Face, Bitbucket, GitHub Pages) are also recognised without a scheme.
Links are kept as written, in order of first appearance, without duplicates.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from paperkg.extract.component import BatchComponent
from paperkg.extract.doctext import doc_text
from paperkg.extract.fields import register_extensions

_SCHEME_URL = re.compile(r"\bhttps?://[^\s<>\"'`{}|\\^]+", re.I)
_BARE_URL = re.compile(
    r"(?<![\w/.@-])(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co|bitbucket\.org|[\w-]+\.github\.io)"
    r"/[^\s<>\"'`{}|\\^]*",
    re.I,
)
# Every host _BARE_URL knows contains one of these (lower case).
_BARE_HOST_WORDS = ("github", "gitlab", "huggingface", "bitbucket")
_TRAILING = ".,;:!?'\"*"
_PAIRS = {")": "(", "]": "[", "}": "{"}


def clean_url(url: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets from the end of a URL."""
    while url:
        last = url[-1]
        if last in _TRAILING:
            url = url[:-1]
        elif last in _PAIRS and url.count(_PAIRS[last]) < url.count(last):
            url = url[:-1]
        else:
            break
    return url


def _may_name_host(text: str) -> bool:
    """Whether ``_BARE_URL`` can match at all. ``re.I`` also folds the dotted and dotless Turkish
    i onto "i", which ``str.lower`` does not: such text is left to the pattern."""
    lower = text.lower()
    return any(host in lower for host in _BARE_HOST_WORDS) or "\u0131" in text or "\u0130" in text


def find_links(text: str) -> list[str]:
    """Every link in ``text`` as written (cleaned), first appearance first, no duplicates."""
    found: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    # Most abstracts hold no link: a substring test is far cheaper than running both patterns
    # (the host alternation of _BARE_URL is tried at every position of the text).
    has_scheme = "://" in text
    has_host = _may_name_host(text)
    if not has_scheme and not has_host:
        return []
    for m in _SCHEME_URL.finditer(text) if has_scheme else ():
        url = clean_url(m.group())
        if "." in url.split("://", 1)[1]:
            found.append((m.start(), url))
            covered.append((m.start(), m.end()))
    for m in _BARE_URL.finditer(text) if has_host else ():
        if any(a <= m.start() < b for a, b in covered):
            continue
        url = clean_url(m.group())
        if url.rstrip("/").count("/") >= 1:
            found.append((m.start(), url))
    seen: set[str] = set()
    out: list[str] = []
    for _, url in sorted(found):
        key = url.rstrip("/").lower()
        if key not in seen:
            seen.add(key)
            out.append(url)
    return out


class LinkFinder(BatchComponent):
    def __call__(self, doc: Doc) -> Doc:
        # The extension is a getter over doc.user_data (fields.py): fill the list in place.
        doc._.links[:] = find_links(doc_text(doc))
        return doc


@Language.factory("paperkg_links")
def make_links(nlp: Language, name: str) -> LinkFinder:
    """Writes ``doc._.links``; independent of every other component."""
    register_extensions()
    return LinkFinder().named(name)
