"""What the project's pipeline components share: spaCy's batch interface, run a batch at a time.

``nlp.pipe`` hands the stream of Docs to a component's ``pipe`` method when it has one and
otherwise calls the component Doc by Doc, so that each Doc goes through the tokenizer and every
component before the next Doc starts, and every step finds the CPU caches full of the others'
code and data. ``pipe`` here takes ``batch_size`` Docs (64 from ``extract_records``) and runs the
component over all of them before the next component starts; on abstracts the pipeline has not
seen that takes about a fifth less time for the same output (docs/benchmarks.md).
``nlp.set_error_handler`` works as it does for spaCy's own components: a Doc that raises is
handed to the handler and not passed on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Self

from spacy.tokens import Doc
from spacy.util import minibatch, raise_error


class BatchComponent:
    """Base of the components; subclasses define ``__call__(doc) -> doc``. The factory that
    builds one sets ``name``, which the error handler is told."""

    __slots__ = ("name", "_error_handler")

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 64) -> Iterator[Doc]:
        handler = self.get_error_handler()
        name = getattr(self, "name", type(self).__name__)
        for batch in minibatch(docs, size=batch_size):
            done = []
            for doc in batch:
                try:
                    done.append(self(doc))
                except Exception as exc:  # the handler decides: spaCy's default re-raises
                    handler(name, self, [doc], exc)
            yield from done

    def set_error_handler(self, handler: Callable) -> None:
        self._error_handler = handler

    def get_error_handler(self) -> Callable:
        return getattr(self, "_error_handler", raise_error)

    def named(self, name: str) -> Self:
        """The component itself, under ``name`` (for the factories: ``return X(...).named(name)``)."""
        self.name = name
        return self
