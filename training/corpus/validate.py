"""Check an annotation file against the abstracts it annotates, before it joins the corpus.

Annotators (people or helpers) return one JSON line per abstract in the format of
docs/extraction-guide.md. Every file is checked here, and only files with no error are kept:

- one line per input line, same ids in the same order, the title copied;
- every surface form occurs in the title or abstract as written, on word boundaries;
- no form names two entities; ``proposed`` names listed methods or datasets;
- every result has a value that occurs in its sentence, a number that the value contains, a
  unit and a kind of the guide, a sentence that is a whole sentence of the title or abstract,
  and metric/dataset/method/baseline that are null or forms of listed entities of that type.

    python training/corpus/validate.py INPUT.jsonl GOLD.jsonl

prints one line per problem (``GOLD:line id: what``) and exits 1 when there is any.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ENTITY_KEYS = ("methods", "datasets", "metrics")
UNITS = {"%", "x", "points", ""}
KINDS = {"improvement", "reduction", "absolute", "other"}
LINKS = {
    "metric": ("metrics",),
    "dataset": ("datasets",),
    "method": ("methods",),
    "baseline": ("methods", "datasets"),  # pretraining data may be what a result is compared against
}
FIELDS = {"value", "number", "unit", "kind", "metric", "dataset", "method", "baseline", "sentence"}
_CLOSERS = "\"')]”’"
_NUMBER = re.compile(r"(?<![\d.])\.\d+|\d+(?:\.\d+)?")  # ".935" is 0.935


def _norm(s: str) -> str:
    """Forms that differ only in case, spaces, hyphens, underscores and dots name one entity."""
    return re.sub(r"[\s\-_.]+", "", s.lower())


def occurs_as_words(form: str, text: str) -> bool:
    """``form`` occurs in ``text`` with no letter or digit glued to either end."""
    start = text.find(form)
    while start >= 0:
        end = start + len(form)
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() and form[0].isalnum()) and not (after.isalnum() and form[-1].isalnum()):
            return True
        start = text.find(form, start + 1)
    return False


def _ends_sentence(s: str) -> bool:
    return s.rstrip(_CLOSERS)[-1:] in (".", "!", "?")


def is_whole_sentence(sentence: str, text: str) -> bool:
    """``sentence`` occurs in ``text``, starting where a sentence may start and ending where one ends."""
    if not sentence or sentence != sentence.strip():
        return False
    start = text.find(sentence)
    while start >= 0:
        end = start + len(sentence)
        before = text[:start]
        starts = not before.strip() or (before[-1].isspace() and _ends_sentence(before.rstrip()))
        after = text[end:].lstrip()
        # a sentence whose full stop the source lost ends before the next capital
        ends = not after or (text[end].isspace() and (_ends_sentence(sentence) or after[0].isupper()))
        if starts and ends:
            return True
        start = text.find(sentence, start + 1)
    return False


_SCALES = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9}
_SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _numbers(value: str) -> set[float]:
    """The numbers a value may stand for: each number in it, signed, scaled by a K/M/B after it,
    and a fraction's quotient; digits grouped by commas or spaces read as one number."""
    # "1,000" and "5 700" are one number; so is "82. 42" (a stray space after the point)
    flat = re.sub(r"(?<=\d)[ ,](?=\d{3}(?!\d))|(?<=\d\.) +(?=\d)", "", value)
    out = set()
    for m in _NUMBER.finditer(flat):
        x = float(m.group())
        out |= {x, -x}
        after = re.match(r" ?([A-Za-z]+)", flat[m.end():])
        scale = _SCALES.get(flat[m.end():m.end() + 1]) or (after and _SCALE_WORDS.get(after.group(1).lower()))
        if scale:
            out.add(x * scale)
    for a, e in re.findall(r"(\d+(?:\.\d+)?)\s*(?:x|×|\\times|\*)\s*10\s*\^\s*\{?\s*([-−]?\d+)", flat):
        out.add(float(a) * 10 ** int(e.replace("−", "-")))  # "7.1 x 10^-4"
    for a, b in re.findall(r"(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)", flat):
        if float(b):
            out.add(float(a) / float(b))
    return out


def _squeeze(text: str) -> str:
    """Text without spaces and LaTeX backslashes, with "percent" as "%", for finding a value."""
    return re.sub(r"\s+|\\", "", text).replace("percent", "%")


def check_record(inp: dict, gold: dict) -> list[str]:
    problems: list[str] = []
    if gold.get("id") != inp["id"]:
        return [f"id {gold.get('id')!r} where the input has {inp['id']!r} (same order as the input)"]
    if gold.get("title") != inp["title"]:
        problems.append("title not copied exactly from the input")
    title, abstract = inp["title"], inp["abstract"]
    owner: dict[str, str] = {}
    forms_of: dict[str, set[str]] = {}
    for key in ENTITY_KEYS:
        ents = gold.get(key)
        if not isinstance(ents, list):
            problems.append(f"{key}: a list of entities expected")
            continue
        forms_of[key] = set()
        for ent in ents:
            if not isinstance(ent, list) or not ent or not all(isinstance(f, str) and f.strip() for f in ent):
                problems.append(f"{key}: {ent!r} is not a non-empty list of surface forms")
                continue
            label = ent[0]
            for form in ent:
                if form != form.strip():
                    problems.append(f"{key}: {form!r} has spaces at an end")
                if not (occurs_as_words(form, title) or occurs_as_words(form, abstract)):
                    problems.append(
                        f"{key}: {form!r} does not occur as written (whole words) in the title or abstract"
                    )
                n = _norm(form)
                if n in owner and owner[n] != f"{key}:{label}":
                    problems.append(f"{key}: {form!r} also names {owner[n]} (one entity per thing, once)")
                owner.setdefault(n, f"{key}:{label}")
                forms_of[key].add(form)
    proposed = gold.get("proposed")
    if not isinstance(proposed, list) or not all(isinstance(p, str) for p in proposed):
        problems.append("proposed: a list of surface forms expected")
    else:
        seen = set()
        for p in proposed:
            if p not in forms_of.get("methods", set()) | forms_of.get("datasets", set()):
                problems.append(f"proposed: {p!r} is not a form of a listed method or dataset")
            elif owner.get(_norm(p)) in seen:
                problems.append(f"proposed: {p!r} names an entity already proposed (one form per entity)")
            seen.add(owner.get(_norm(p)))
    results = gold.get("results")
    if not isinstance(results, list):
        return [*problems, "results: a list expected"]
    for i, r in enumerate(results, 1):
        where = f"result {i}"
        if not isinstance(r, dict):
            problems.append(f"{where}: an object expected")
            continue
        missing = FIELDS - set(r)
        if missing:
            problems.append(f"{where}: missing {', '.join(sorted(missing))}")
            continue
        value, sentence = r["value"], r["sentence"]
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where}: value must be the number as written, a string")
            continue
        whole = isinstance(sentence, str) and (
            is_whole_sentence(sentence, abstract) or is_whole_sentence(sentence, title)
        )
        if not whole:
            problems.append(f"{where} ({value}): sentence is not a whole sentence copied from the abstract")
        elif value not in sentence and _squeeze(value) not in _squeeze(sentence):
            problems.append(f"{where}: value {value!r} does not occur in its sentence")
        number = r["number"]
        if isinstance(number, bool) or not isinstance(number, int | float):
            problems.append(f"{where} ({value}): number must be a JSON number")
        elif _numbers(value) and not any(abs(number - x) <= 1e-4 * max(1.0, abs(x)) for x in _numbers(value)):
            problems.append(f"{where} ({value}): number {number} is not a number of the value")
        if r["unit"] not in UNITS:
            problems.append(f"{where} ({value}): unit {r['unit']!r} is not one of '%', 'x', 'points', ''")
        if r["kind"] not in KINDS:
            problems.append(f"{where} ({value}): kind {r['kind']!r} is not one of {sorted(KINDS)}")
        for link, keys in LINKS.items():
            target = r[link]
            if target is None:
                continue
            if not isinstance(target, str) or not any(target in forms_of.get(k, set()) for k in keys):
                kind = keys[0][:-1]
                problems.append(f"{where} ({value}): {link} {target!r} is not a form of a listed {kind}")
    return problems


def validate(input_path: Path, gold_path: Path) -> list[str]:
    inputs = [json.loads(ln) for ln in input_path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    lines = gold_path.read_text(encoding="utf-8").splitlines()
    problems: list[str] = []
    golds = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{gold_path}:{n}: not JSON ({exc.msg})")
            continue
        if not isinstance(rec, dict):
            problems.append(f"{gold_path}:{n}: not a JSON object")
            continue
        golds.append((n, rec))
    if len(golds) != len(inputs):
        problems.append(f"{gold_path}: {len(golds)} records for {len(inputs)} abstracts")
    for (n, rec), inp in zip(golds, inputs, strict=False):
        problems += [f"{gold_path}:{n} {inp['id']}: {p}" for p in check_record(inp, rec)]
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-3], file=sys.stderr)
        return 2
    problems = validate(Path(argv[0]), Path(argv[1]))
    for p in problems:
        print(p)
    if not problems:
        print(f"{argv[1]}: valid")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
