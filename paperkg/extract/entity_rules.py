"""The entity rules' word lists (``data/entity_rules.json``), read once into sets and patterns.

Every list of English words the entity rules consult is a key of the rule file, so the rules'
knowledge of ML prose can be read and extended without reading code; this module turns the lists
into the sets and compiled patterns the rules use, with the British spellings of American words
added (the lists are written the American way, abstracts both ways; paperkg/util/spelling.py).
"""

from __future__ import annotations

import re

from paperkg.util.spelling import british

RULES_FILE = "entity_rules.json"
# ", a ...", "(RL), the ...": an apposition after a name, past a short parenthesis
APPOSITION_OPENING = r"\s*(?:\([^)]*\)\s*)?,\s+"

class Rules:
    """The word lists of ``entity_rules.json`` as sets, read once."""

    def __init__(self, data: dict):
        def s(key: str) -> frozenset[str]:
            words = {w.lower() for w in data.get(key, [])}
            return frozenset(words | {british(w) for w in words})

        self.dataset_heads = s("dataset_heads")
        self.method_heads = s("method_heads")
        self.dataset_before = s("dataset_context_before")
        self.not_dataset_verbs = s("not_dataset_verbs")
        self.evaluation_cues = s("evaluation_cues")
        self.strong_metric_heads = s("strong_metric_heads")
        self.weak_metric_heads = s("weak_metric_heads")
        self.metric_modifiers = s("metric_modifiers")
        self.split_words = s("split_words")
        self.aggregate_words = s("aggregate_words")
        self.system_heads = s("system_heads")
        self.name_suffix_parts = s("name_suffix_parts")
        # "pretraining", "finetuning", "multihead": prefixes written with or without the hyphen
        prefixes = "|".join(map(re.escape, sorted(s("joined_hyphen_prefixes"))))
        self.joined_hyphen = re.compile(rf"(?i)\b({prefixes})-(?=[^\W\d_]{{2}})") if prefixes else None
        self.compare_words = s("compare_words")
        self.method_use_verbs = s("method_use_verbs")
        self.training_words = s("training_words")
        self.cased_metric_heads = s("cased_metric_heads")
        self.not_method_heads = s("not_method_heads")
        self.singular_dataset_heads = s("singular_dataset_heads")
        self.metric_stop_modifiers = s("metric_stop_modifiers")
        self.not_metric_phrases = s("not_metric_phrases")
        self.name_stop_words = frozenset(data.get("name_stop_words", []))
        self.function_words = frozenset(w.lower() for w in self.name_stop_words)
        # each opener ("in terms of") is found by its longest word ("terms"), then checked word by word
        self.measure_list_openers: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for opener in data.get("measure_list_openers", []):
            words = tuple(opener.lower().split())
            key = max(words, key=len)
            self.measure_list_openers.setdefault(key, []).append((words, words.index(key)))
        self.measure_list_keys = frozenset(self.measure_list_openers)
        self.version_words = s("version_words")
        self.naming_cues = s("naming_cues")
        self.intro_verbs = s("intro_verbs")
        self.novelty_words = s("novelty_words")
        self.task_heads = s("task_heads")
        self.shape_exclude = [re.compile(p) for p in data.get("shape_exclude_patterns", [])]
        self.coordination = s("coordination_words")
        self.determiners = s("determiners")
        self.measure_lead_words = self.determiners | self.metric_stop_modifiers | s("measure_qualifiers")
        self.measurement_cues = s("measurement_cues")
        self.contextual_metrics = s("contextual_metrics")
        self.size_metrics = s("size_metrics")
        self.not_metric_before = s("not_metric_before")
        self.unit_words = frozenset(data.get("unit_words", []))  # case matters: "mW" is not "MW"
        self.field_nouns = s("field_nouns")
        self.verb_like_metrics = s("verb_like_metrics")
        self.named_method_heads = s("named_method_heads")
        self.metric_value_after = re.compile(data.get("metric_value_after", r"(?!)"))
        self.metric_context_before = tuple(s("metric_context_before"))
        self.metric_context_after = s("metric_context_after")
        self.measurement_number = re.compile(data.get("measurement_number", r"\d+%"))
        self.metric_heads = self.strong_metric_heads | self.weak_metric_heads
        self.name_heads = self.dataset_heads | self.method_heads
        self.not_measure_heads = s("not_measure_heads")
        self.vague_measure_words = s("vague_measure_words")
        self.measure_words_skipped = s("measure_words_skipped")
        # "a 53 times reduction in parameters", "reducing the parameter size by 1/3", "model size
        # can be reduced by 50%": what a number changes is a measure (the phrase is cut later)
        nouns = "|".join(map(re.escape, sorted(s("change_nouns"), key=len, reverse=True)))
        verbs = "|".join(map(re.escape, sorted(s("change_verbs"), key=len, reverse=True)))
        phrase = r"([a-z][a-z-]*(?:[ ][a-z][a-z-]*){0,3})"
        # Every pattern below hangs on a measurement (``measurement_number``: "32%", "19x") or on
        # "by <number>": those are found first, with patterns that open on a digit or a "b" (cheap
        # to scan for), and the words around each are read with anchored matches on a short window.
        qualifiers = r"(?:(?:" + "|".join(map(re.escape, s("amount_qualifiers"))) + r")\s+){0,2}"
        uses = "|".join(map(re.escape, sorted(s("use_verbs"), key=len, reverse=True)))
        # after an amount: "a 53 times reduction in parameters", "(20%) of the resources", "19x cost"
        self.change_of = re.compile(rf"\s+(?:[a-z-]+\s+)?(?:{nouns})\s+(?:in|of)\s+{phrase}")
        self.share_of = re.compile(rf"\s+of\s+{phrase}")
        self.amount_object = re.compile(rf"\s+{phrase}")
        # before an amount: "using only 28.5% ...", "reducing around 2x ..."
        self.uses_before = re.compile(rf"\b(?:{uses})\s+{qualifiers}$")
        self.verb_before = re.compile(rf"\b(?:{verbs})\s+{qualifiers}$")
        # (a literal start: re scans for "by " fast, a word boundary before it is checked apart)
        self.by_number = re.compile(r"by\s+(?:[a-z]+\s+){0,2}?[\d(]")
        # both read the few words before a "by <number>", anchored at its end
        self.verb_object = re.compile(rf"\b(?:{verbs})\s+{phrase}$")
        self.passive_subject = re.compile(
            rf"{phrase}\s+(?:can|could|is|are|was|were|be|been)\s+(?:be\s+)?(?:{verbs})$"
        )
        # introductions and the title: "we propose ... (X)", "(e.g., o1)", "Mixture of Experts"
        self.introducing_words = s("introducing_words")
        self.example_markers = s("example_markers")  # as words read them: the final dot is trimmed
        self.name_link_words = s("name_link_words")
        self.title_prefix_link_words = s("title_prefix_link_words")
        self.novelty_before_name = s("novelty_before_name")
        # "Anchor Sampling for Federated Learning": a capitalised lead phrase, then a preposition
        prepositions = "|".join(map(re.escape, data.get("title_lead_prepositions", []))) or "(?!)"
        self.title_lead = re.compile(
            r"^((?:[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\s){1,4}?[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)"
            rf"\s(?:{prepositions})\s"
        )
        heads = sorted(self.dataset_heads | self.method_heads, key=len, reverse=True)
        self.apposition = re.compile(
            APPOSITION_OPENING
            + r"(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?("
            + "|".join(map(re.escape, heads))
            + r")\b",
            re.I,
        )
