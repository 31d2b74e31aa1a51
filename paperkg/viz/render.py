"""Jinja2 rendering with every value escaped, including JSON placed inside ``<script>``.

Autoescape covers HTML text and attributes. JSON embedded in a script element is not HTML, so
``script_json`` escapes the characters that could end the element or break the JavaScript
(``<``, ``>``, ``&``, U+2028, U+2029) with JSON's own ``\\uXXXX`` form, which parses to the
same data.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from paperkg.viz.charts import best_svg, papers_svg
from paperkg.viz.style import STYLES

_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                 "\u2028": "\\u2028", "\u2029": "\\u2029"})
VIS_DIR = ("pyvis", "templates/lib/vis-9.1.2")  # the vis-network build PyVis ships


def script_json(obj: Any) -> Markup:
    """JSON that is safe verbatim inside ``<script>`` (and as a JavaScript expression)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)
    return Markup(text.translate(_SCRIPT_ESCAPES))


def external_url(url: Any) -> str | None:
    """Only http(s) links leave the site: a ``javascript:`` URL from a paper must never be a link."""
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        return url
    if isinstance(url, str) and url and "://" not in url and not url.startswith(("javascript:", "data:")):
        return "https://" + url.lstrip("/")
    return None


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("paperkg.viz", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["script_json"] = script_json
    env.filters["external_url"] = external_url
    env.globals["styles"] = STYLES
    env.globals["papers_svg"] = papers_svg
    env.globals["best_svg"] = best_svg
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def asset_text(name: str) -> str:
    """A file of the site's own assets (``site.css``, ``graph.js``, ``search.js``)."""
    return resources.files("paperkg.viz.assets").joinpath(name).read_text(encoding="utf-8")


def vis_files() -> dict[str, bytes]:
    """vis-network's JS and CSS as bundled by PyVis, so no page needs a CDN."""
    folder = resources.files(VIS_DIR[0]).joinpath(VIS_DIR[1])
    return {name: folder.joinpath(name).read_bytes() for name in ("vis-network.min.js", "vis-network.css")}


_CLOSE_SCRIPT = re.compile(r"</(script)", re.IGNORECASE)
_CLOSE_STYLE = re.compile(r"</(style)", re.IGNORECASE)


def inline_script(code: str) -> Markup:
    """Our own or vendored code placed inside ``<script>``: only ``</script`` could end the element.

    Only that sequence is rewritten (to ``<\\/script``, the same string in JavaScript): a general
    ``</`` rewrite would corrupt regular-expression literals in minified code.
    """
    return Markup(_CLOSE_SCRIPT.sub(r"<\\/\1", code))


def inline_style(css: str) -> Markup:
    return Markup(_CLOSE_STYLE.sub(r"<\\/\1", css))
