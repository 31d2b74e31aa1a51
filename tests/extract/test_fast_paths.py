"""The speed-ups of the extractor's hot paths give the same answers as the plain rules they replace.

Each fast path (array-based sentence splitting, interval bookkeeping in overlap resolution, the
link pre-filter, the pattern tokenizer twin, the word lists of the entity rules, sentences from
kept bounds in ``proposed``, the word windows and pattern pre-filters of ``results``, pickling,
the tokenizer cache) is checked against a direct statement of the rule, on the dev inputs and the
sample corpus or on generated cases. The context rule is pinned by tests/extract/test_context_rule.py.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperkg.extract.abbreviations import spells_initials
from paperkg.extract.candidates import Candidate, resolve_overlaps
from paperkg.extract.gazetteer import Gazetteer
from paperkg.extract.links import find_links
from paperkg.extract.pipeline import default_pipeline, make_doc
from paperkg.extract.tokenizer import pattern_tokenizer
from paperkg.sources import ProblemLog, iter_records

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "tests" / "data" / "dev_input.jsonl", ROOT / "examples" / "hf-daily-papers"]


@pytest.fixture(scope="module")
def nlp():
    return default_pipeline("fast")


@pytest.fixture(scope="module")
def records():
    return list(iter_records(SOURCES, problems=ProblemLog(on_problem=None)))


# ---- tokenizer --------------------------------------------------------------------------------
def test_pattern_tokenizer_is_a_twin_that_tokenises_like_the_pipeline(nlp):
    twin = pattern_tokenizer(nlp)
    assert twin is not nlp.tokenizer  # patterns must not fill the pipeline tokenizer's cache
    forms = [form for cs in (False, True) for _, form in Gazetteer.load().patterns(case_sensitive=cs)]
    forms += ["learning~(RL)", "(SIR)-based", "e.g.", "U.S.", "https://github.com/a/b."]
    for form in forms:
        assert [t.text for t in twin(form)] == [t.text for t in nlp.tokenizer(form)], form


def _plain_rules(tok):
    """The tokenizer's rules as the regexes themselves, without the letter shortcut."""
    from paperkg.extract.tokenizer import LetterShortcut

    def plain(rule):
        owner = rule.__self__
        regex = owner.regex if isinstance(owner, LetterShortcut) else owner
        return getattr(regex, rule.__name__.replace("search_end", "search").replace("match_dotted", "match"))

    names = ("prefix_search", "suffix_search", "infix_finditer", "url_match")
    return {name: plain(getattr(tok, name)) for name in names}


def _same_answer(fast, plain, s: str) -> bool:
    a, b = fast(s), plain(s)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, re.Match):
        return a.span() == b.span()
    return [m.span() for m in a] == [m.span() for m in b]


def test_letter_shortcut_finds_what_the_rules_find_in_every_short_letter_string(nlp):
    # No English prefix, suffix, infix or URL rule matches a run of ASCII letters: every run of
    # up to three letters, all answered by the regexes themselves
    tok = nlp.tokenizer
    plain = _plain_rules(tok)
    letters = string.ascii_letters
    runs = [a + b + c for a in letters for b in ["", *letters] for c in ["", *letters] if b or not c]
    for name, rule in plain.items():
        for s in runs:
            got = rule(s)
            assert got is None or (not isinstance(got, re.Match) and not list(got)), (name, s)
    # and the shortcut answers as the rules do on those and on letters mixed with digits ("10km")
    alnum = string.ascii_letters + string.digits
    mixed = [a + b + c for a in alnum for b in alnum for c in ("", "m", "k", "s")]
    for name, rule in plain.items():
        for s in runs[:3000] + mixed:
            assert _same_answer(getattr(tok, name), rule, s), (name, s)


def test_letter_shortcut_for_a_word_and_one_character_finds_the_suffix_rule_s_match(nlp):
    # A run of letters, then any one character the suffix rules know or a sample of all others:
    # a match starting inside the letters would need a digit before it
    tok = nlp.tokenizer
    plain = _plain_rules(tok)["suffix_search"]
    pattern = plain.__self__.pattern
    ends = set(pattern) | set(string.printable) | {chr(c) for c in range(0x80, 0x3000, 7)}
    bodies = [*string.ascii_letters, "km", "cm", "US", "C", "A", "Hz", "GB", "ms", "ft", "in", "nm", "mph",
              "1", "10", "3k", "a1", "°", "-", "--", "a-", "-a", "state-of-the-", "k-m", "US-", "1-"]
    for body in bodies:
        for end in ends:
            assert _same_answer(tok.suffix_search, plain, body + end), body + end


RULE_CHARS = st.sampled_from([*"aZkmUS19.,;:-'’()[]~/$%°²_@#\"", "km", "'s", "http://", "www.", ".com", "é",
                              "github", "io", "-a", "192", "a-b"])


@given(st.lists(RULE_CHARS, min_size=1, max_size=12).map("".join))
def test_letter_shortcut_agrees_with_the_rules_on_generated_chunks(nlp, chunk):
    tok = nlp.tokenizer
    for name, rule in _plain_rules(tok).items():
        assert _same_answer(getattr(tok, name), rule, chunk), (name, chunk)


def test_url_rule_needs_a_dot(nlp):
    # both host forms of the URL rule, a domain and an IP address, hold a literal dot
    plain = _plain_rules(nlp.tokenizer)["url_match"]
    host = plain.__self__.pattern.split("(?::\\d{2,5})?")[0]
    assert host.count("\\.") >= 2
    for s in ["localhost", "http://localhost", "state-of-the-art", "user@host", "a-b_c", "10:80"]:
        assert plain(s) is None and nlp.tokenizer.url_match(s) is None
    assert nlp.tokenizer.url_match("github.com/a/b") is not None


def test_letter_shortcut_changes_no_token_and_survives_serialisation(nlp, records):
    from paperkg.extract.tokenizer import twin

    tok = nlp.tokenizer
    plain = twin(tok, **_plain_rules(tok))
    fresh = twin(tok)  # with the shortcut, and an empty cache
    saved = twin(tok).from_bytes(tok.to_bytes())  # reloaded: plain regexes from the patterns
    for r in records:
        text = r.title + "\n\n" + (r.abstract or "")
        want = [t.text_with_ws for t in plain(text)]
        assert [t.text_with_ws for t in fresh(text)] == want
        assert [t.text_with_ws for t in saved(text)] == want


# ---- sentences --------------------------------------------------------------------------------
def reference_sentence_starts(doc, rules) -> list[bool]:
    """The splitting rule stated token by token (the form the component had before it was
    vectorised)."""
    n = len(doc)
    texts = [t.text for t in doc]
    spaced = [bool(t.whitespace_) for t in doc]
    idx = [t.idx for t in doc]
    is_space = [t.isspace() for t in texts]

    def ends(i: int) -> bool:
        text = texts[i]
        if text in rules.terminals:
            if text == "." and i > 0 and not spaced[i - 1]:
                prev = texts[i - 1]
                if prev.lower().rstrip(".") in rules.no_break_after or (len(prev) == 1 and prev.isupper()):
                    return False
            return True
        return (
            text.endswith(".")
            and len(text) > 2
            and text.count(".") == 1
            and text[:-1].lower() not in rules.no_break_after
        )

    starts = [False] * n
    starts[0] = True
    for f in doc._.fields[1:]:
        i = next((j for j in range(n) if idx[j] >= f.start and not is_space[j]), None)
        if i is not None:
            starts[i] = True
    for i in range(n):
        if is_space[i] and texts[i].count("\n") >= 2 and i + 1 < n:
            starts[i + 1] = True
        elif ends(i):
            j = i + 1
            while j < n and (texts[j] in rules.closers or is_space[j]):
                j += 1
            first = texts[j][0] if j < n else ""
            if first and (first.isupper() or first.isdigit() or first in "\"'([\u201c\u2018"):
                starts[j] = True
    for i in range(1, n - 1):
        if starts[i] and is_space[i]:
            starts[i] = False
            starts[i + 1] = True
    return starts


EDGE_CASES = [
    ("Title", "  \n\n  x. Y said (so.) \"Hi.\" J. Smith, 3.5 etc. Next\n\n\n\nAnd. "),
    ("A Title.", "\n\n. . . ?! Done."),
    ("", "Only an abstract. Two sentences."),
    ("T", ""),
]


def test_sentence_splitter_agrees_with_the_token_by_token_rule(nlp, records):
    splitter = nlp.get_pipe("sentences")
    docs = [make_doc(nlp, r) for r in records]
    for title, abstract in EDGE_CASES:
        docs.append(make_doc(nlp, type(records[0])(id="edge", title=title, abstract=abstract)))
    for doc in docs:
        if len(doc) == 0:
            continue
        splitter(doc)
        assert [bool(t.is_sent_start) for t in doc] == reference_sentence_starts(doc, splitter), doc.text[:60]


# ---- overlap resolution -----------------------------------------------------------------------
def reference_resolve(cands):
    from paperkg.extract.candidates import RANK

    order = sorted(
        cands, key=lambda c: (0 if RANK[c.source] >= 4 else 1, -c.length, -RANK[c.source], c.start)
    )
    taken, chosen = [], []
    for c in order:
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        taken.append((c.start, c.end))
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


spans = st.tuples(
    st.integers(0, 40), st.integers(0, 8), st.sampled_from(["abbrev", "naming", "gaz", "shape", "metric"])
)


@given(st.lists(spans, max_size=25))
def test_overlap_resolution_agrees_with_the_pairwise_rule(raw):
    cands = [Candidate(s, s + n, src) for s, n, src in raw]
    got = [(c.start, c.end, c.source) for c in resolve_overlaps(cands)]
    want = [(c.start, c.end, c.source) for c in reference_resolve(cands)]
    assert got == want


# ---- links and initials -----------------------------------------------------------------------
def test_link_prefilter_keeps_what_the_patterns_find():
    assert find_links("No link in this abstract at all.") == []
    # re.IGNORECASE folds the dotless i onto "i": the pre-filter must not hide such a match
    assert find_links("See g\u0131thub.com/a/b now.") == ["g\u0131thub.com/a/b"]
    assert find_links("See HTTPS://Example.org/x, and GitHub.com/A/B.") == [
        "HTTPS://Example.org/x",
        "GitHub.com/A/B",
    ]


@pytest.mark.parametrize(
    "sf, phrase, expected",
    [
        ("GPHT", "Generative Pretrained Hierarchical Transformer", True),
        ("GPHT", "Generative Pretrained Transformer", False),
        ("MoE", "Mixture of Experts", True),
        ("X", "Xylophone", False),
        ("SS", "\u00df s", False),
    ],
)
def test_spells_initials(sf, phrase, expected):
    assert spells_initials(sf, phrase) is expected


# ---- entity words -----------------------------------------------------------------------------
def reference_words(text: str) -> list[tuple[int, int, str, str]]:
    """The shape rules' words stated one match at a time (the form before the parallel lists)."""
    from paperkg.extract.words import LEAD, TRAIL, WORD

    out = []
    for m in WORD.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        while word and word[-1] in TRAIL:
            word, end = word[:-1], end - 1
        if word.endswith(("'s", "\u2019s")):
            word, end = word[:-2], end - 2
        while word and word[0] in LEAD:
            word, start = word[1:], start + 1
        if word:
            out.append((start, end, word, word.lower()))
    return out


# trimmed characters, separators, and letters whose lower case is longer (\u0130) or depends on
# the context (\u03a3)
TRICKY = st.text(
    alphabet=st.sampled_from(list(
        "aAsSzZ1'\u2019\u2018-.,;:()[]\"\u201c\u201d!? \n\t\u00a0\u03a3\u03c3\u0130\u00df"
    )),
    max_size=40,
)


def _as_rows(words) -> list[tuple[int, int, str, str]]:
    return list(zip(*words, strict=True))


@given(TRICKY)
def test_words_agree_with_the_match_by_match_rule(text):
    from paperkg.extract.words import split_words

    assert _as_rows(split_words(text)) == reference_words(text)


def test_words_agree_on_the_corpus(records):
    from paperkg.extract.words import split_words

    for r in records:
        text = r.title + "\n\n" + (r.abstract or "")
        assert _as_rows(split_words(text)) == reference_words(text)


@given(st.lists(st.integers(1, 60), unique=True, max_size=6), st.integers(-5, 70))
def test_sentence_range_is_where_sentence_index_answers_the_sentence(starts, char):
    from paperkg.extract.doc_context import DocContext
    from paperkg.extract.entity_rules import Rules

    starts = [0, *sorted(starts)]
    sents = list(zip(starts, [*starts[1:], 70], strict=True))
    ctx = DocContext("x" * 70, ([], [], [], []), sents, 0, Rules({}))
    for sent in range(len(sents)):
        lo, hi = ctx.sentence_range(sent)
        assert (lo <= char < hi) == (ctx.sentence_index(char) == sent)


# ---- proposed: sentences from the kept bounds -------------------------------------------------
def test_sentence_finder_agrees_with_span_sent(nlp, records):
    from paperkg.extract.doctext import doc_text
    from paperkg.extract.proposed import ProposedMarker

    for r in records[:150]:
        doc = make_doc(nlp, r)
        for name, proc in nlp.pipeline:
            if name == "proposed":
                break
            doc = proc(doc)
        text = doc_text(doc)
        finder = ProposedMarker._sentence_finder(doc, text)
        offsets = {f.name: f.start for f in doc._.fields}
        spots = [
            (offsets[m.field] + m.start, offsets[m.field] + m.end) for e in doc._.entities for m in e.mentions
        ]
        spots += [(0, 1), (len(text) - 1, len(text)), (len(text), len(text) + 1), (-1, 2)]
        for start, end in spots:
            span = doc.char_span(start, end, alignment_mode="expand")
            want = None if span is None else (span.sent.start_char, span.sent.end_char)
            assert finder(start, end) == want, (r.id, start, end)


def test_sentence_finder_falls_back_to_spacy_without_sentences():
    import spacy

    from paperkg.extract.proposed import ProposedMarker

    doc = spacy.blank("en")("FooNet works. BarNet too.")
    finder = ProposedMarker._sentence_finder(doc, doc.text)
    with pytest.raises(ValueError):  # no sentence annotation: Span.sent raises, as before
        finder(0, 6)


# ---- results: words around a value, pre-filters -----------------------------------------------
def reference_words_after(text: str, pos: int, n: int) -> list[str]:
    from itertools import islice

    from paperkg.extract.words import VALUE_WORD

    return [m.group().lower().rstrip(".") for m in islice(VALUE_WORD.finditer(text, pos), n)]


def reference_words_before(text: str, pos: int, n: int) -> list[str]:
    from paperkg.extract.words import VALUE_WORD

    found = list(VALUE_WORD.finditer(text, max(0, pos - 120), pos))
    return [m.group().lower().rstrip(".") for m in reversed(found[-n:] if n > 0 else [])]


NUMERIC = st.text(alphabet=st.sampled_from(list("aZ3.5%,;:<= -x\n")), max_size=160)


@given(NUMERIC, st.integers(0, 170), st.integers(0, 14))
def test_words_around_a_value_are_the_direct_ones(text, pos, n):
    from paperkg.extract.words import words_after, words_before

    assert words_after(text, pos, n) == reference_words_after(text, pos, n)
    assert words_before(text, pos, n) == reference_words_before(text, pos, n)


def test_case_folds_are_the_non_ascii_letters_ignorecase_matches():
    import re

    from paperkg.extract.result_numbers import _CASE_FOLDS

    letter = re.compile("[a-z]", re.I)
    found = {chr(c) for c in range(128, 0x110000) if letter.fullmatch(chr(c))}
    assert found == set(_CASE_FOLDS)


@pytest.mark.parametrize(
    "sentence",
    [
        "It is two orders of MAGNITUDE faster.",
        "It is two orders of magn\u0130tude faster.",
        "It is TW\u0130CE as fast, and tw\u0131ce as small.",
        "Accuracy rose from 3% to 9%, in 7 out of 9 runs.",
    ],
)
def test_pattern_prefilters_are_necessary_conditions(sentence):
    from paperkg.extract.result_numbers import _CASE_FOLDS, _FROM_TO, _MAGNITUDE, _OUT_OF, _TWICE

    folds = any(ch in sentence for ch in _CASE_FOLDS)
    lower = sentence.lower()
    assert not _FROM_TO.search(sentence) or "from" in sentence
    assert not _OUT_OF.search(sentence) or "out" in sentence
    assert not _MAGNITUDE.search(sentence) or folds or "magnitude" in lower
    assert not _TWICE.search(sentence) or folds or "twice" in lower


PIECES = st.lists(
    st.sampled_from(
        ["twice", "TWICE", "Twi", "ce", "Magnitude", "magn\u0130tude", "tw\u0131ce", "\u0130", "\u017f",
         "7", "\u0663", " ", ". ", "x", "magnitud"]
    ),
    max_size=12,
).map("".join)


@given(PIECES, st.integers(0, 60), st.integers(0, 60))
def test_numberish_prefilter_is_the_regex(text, start, end):
    from paperkg.extract.result_numbers import _NUMBERISH, case_safe_lower, numberish

    lower = case_safe_lower(text)
    assert numberish(text, lower, start, end) == bool(_NUMBERISH.search(text, start, end))


# ---- extractions cross processes by pickle ----------------------------------------------------
def test_extractions_survive_pickling(nlp, records):
    import pickle

    from paperkg.extract.pipeline import extract_records

    exts = list(extract_records(records[:60], nlp=nlp))
    back = pickle.loads(pickle.dumps(exts, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == exts
    assert [x.to_dict() for x in back] == [x.to_dict() for x in exts]


# ---- tokenizer cache --------------------------------------------------------------------------
def test_tokenizer_cache_size_changes_no_token(nlp, records):
    from paperkg.extract.tokenizer import DEFAULT_CACHE_SIZE, twin

    tok = nlp.tokenizer
    assert tok.max_cache_size == DEFAULT_CACHE_SIZE
    tiny = twin(tok, max_cache_size=0)
    for r in records[:100]:
        text = r.title + "\n\n" + (r.abstract or "")
        assert [t.text_with_ws for t in tok(text)] == [t.text_with_ws for t in tiny(text)]
