"""Messages of the recognition engine as codes with parameters (ADR 0840).

Every sentence the engine puts in a decision (a finding's observed/required/explanation, an
indicator's value, a note, a missing item, a step of the arithmetic, a remedy) is a ``Text``: a
``str`` whose value is the English rendering of ``MESSAGES[code]`` with its parameters, and which
also keeps ``code`` and ``params``. The core's outputs (the JSON report, the CLI text, the audit
log, the golden files) read it as the plain English string they always had; an adapter that
speaks another language renders the same code and parameters through its own catalogue
(``microcred_web.recognition.messages``). The core never imports a translation framework.

``MESSAGES`` is the one registry of the codes (``microcred.recognition.messages``), so a test
can enumerate them and check that every catalogue translates each one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass
from typing import Any, ClassVar

from microcred.errors import MicrocredError
from microcred.recognition.messages import MESSAGES


class Text(str):
    """An English message that remembers its code and parameters (a ``str`` for every reader)."""

    registry: ClassVar[Mapping[str, str]] = MESSAGES
    code: str
    params: Mapping[str, object]

    def __new__(cls, code: str, /, **params: object) -> Text:
        try:
            template = cls.registry[code]
        except KeyError:
            raise MicrocredError(f"unknown message code {code!r}", where="recognition messages") from None
        obj = super().__new__(cls, template.format(**{k: _joined(code, v) for k, v in params.items()}))
        obj.code = code
        obj.params = dict(params)
        return obj

    @property
    def template(self) -> str:
        """The English template of the code (the gettext message id of its translations)."""
        return self.registry[self.code]

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self.code, dict(self.params)))

    def __deepcopy__(self, memo: dict[int, object]) -> Text:
        return self

    def __copy__(self) -> Text:
        return self


def _joined(code: str, value: object) -> object:
    if isinstance(value, (tuple, list)):
        return (", " if code == "list.comma" else "; ").join(str(v) for v in value)
    return value


def _restore(cls: type[Text], code: str, params: dict[str, object]) -> Text:
    return cls(code, **params)


def msg(code: str, /, **params: object) -> Text:
    """The message ``code`` with ``params``, rendered in English for the core's own outputs."""
    return Text(code, **params)


def vocab(value: str) -> str:
    """A value of one of the case format's vocabularies (``auto_quiz``, ``supervised_with_id``,
    ``ob3_signature``, ``ELECTIVE_CREDIT``…) as a coded message whose English is the value itself,
    so a reader in another language sees its name; a value outside the vocabularies as it is."""
    code = f"vocab.{value}"
    return Text(code) if code in MESSAGES else value


def texts_in(value: object) -> Iterator[Text]:
    """Every ``Text`` inside a decision (dataclasses, tuples, lists, dicts), parameters included."""
    if isinstance(value, Text):
        yield value
        for p in value.params.values():
            yield from texts_in(p)
    elif isinstance(value, str):
        return
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from texts_in(getattr(value, f.name))
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from texts_in(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from texts_in(v)


def messages_of(value: object) -> dict[str, Text]:
    """Each English sentence of a decision mapped to the coded message it was rendered from."""
    return {str(x): x for x in texts_in(value)}
