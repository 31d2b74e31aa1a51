"""American and British spellings of "-ize" and "-yze" words: one table, both directions.

Word lists and gazetteer forms are written the American way and abstracts both ways, so the
extractor expands its lists with :func:`british` ("normalized" -> "normalised"), and the resolver
folds every form with :func:`american` before comparing names across papers ("Adam optimiser" and
"Adam optimizer" are one method). Both read :data:`SUFFIXES`, so a spelling the extractor knows
how to expand is one the resolver knows how to fold, and back.

A suffix is respelled only after three lower-case letters ("size", "prize", "seize", "raise",
"noise" keep their spelling) and only when one of its endings ends the word ("paralysis",
"sizeable" stay). Longer words whose "iz"/"is" is part of the root end like one of
:data:`ROOT_ENDINGS` ("capsize", "resized"; "exercise", "supervised", "pairwise", "denoising"), and
are left as they are both ways.
"""

from __future__ import annotations

import re

# The suffix's letters in American and British spelling, and the endings that may follow them.
SUFFIXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("iz", "is", ("e", "es", "ed", "ing", "ation", "ations", "er", "ers")),  # normalize, normalise
    ("yz", "ys", ("e", "es", "ed", "ing", "er", "ers")),  # analyze, analyse
)

# Words (their "-e" form, either spelling) whose "iz"/"is" belongs to the root, not the suffix.
ROOT_ENDINGS: tuple[str, ...] = (
    # "-ize" that is no suffix
    "capsize", "resize", "downsize", "upsize", "oversize", "undersize", "outsize", "supersize",
    "midsize", "fullsize", "assize",
    # "-ise" that is no suffix (the same in American spelling)
    "advertise", "advise", "chastise", "circumcise", "comprise", "compromise", "concise", "demise",
    "despise", "devise", "enterprise", "excise", "exercise", "expertise", "franchise", "improvise",
    "incise", "merchandise", "paradise", "precise", "premise", "promise", "reprise",
    "revise", "supervise", "surmise", "surprise", "televise", "treatise",
    "wise", "guise", "oise", "uise", "raise", "chaise",  # pairwise, disguise, noise, cruise, praise
)


def _pattern(letters: str, endings: tuple[str, ...]) -> re.Pattern[str]:
    # the word's letters up to the suffix (the last three lower case), the suffix, an ending
    return re.compile(rf"(?<![A-Za-z])([A-Za-z]*[a-z]{{3}}){letters}(?=(?:{'|'.join(endings)})\b)")


# direction -> (letters to find, letters to put, pattern, the "-e" forms of a word's two spellings)
_RULES = {
    to_british: [
        (find, put, _pattern(find, endings), (us + "e", uk + "e"))
        for us, uk, endings in SUFFIXES
        for find, put in [(us, uk) if to_british else (uk, us)]
    ]
    for to_british in (True, False)
}


def _respell(text: str, to_british: bool) -> str:
    for find, put, pattern, spellings in _RULES[to_british]:
        if find in text:

            def swap(m: re.Match[str], put: str = put, spellings: tuple[str, ...] = spellings) -> str:
                stem = m.group(1)
                if any((stem + s).lower().endswith(ROOT_ENDINGS) for s in spellings):
                    return m.group(0)
                return stem + put

            text = pattern.sub(swap, text)
    return text


def british(text: str) -> str:
    """The British spelling of a word or name written with American "-ize"/"-yze" endings
    ("normalized", "optimization", "analyzer" -> "normalised", "optimisation", "analyser")."""
    return _respell(text, True)


def american(text: str) -> str:
    """The American spelling of a word or name written with British "-ise"/"-yse" endings
    ("normalised", "optimisers", "analysing" -> "normalized", "optimizers", "analyzing")."""
    return _respell(text, False)
