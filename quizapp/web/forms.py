"""The base form every part's forms build on: CSRF, length limits, no control characters."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    Field,
    FieldList,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    ValidationError,
)

from quizapp.core import limits


def _refuse_control_characters(form: FlaskForm, field: Field) -> None:
    values = field.data if isinstance(field.data, list) else [field.data]
    if any(isinstance(v, str) and limits.has_control_character(v) for v in values):
        raise ValidationError("This holds a character that cannot be typed here; please retype it.")


class Form(FlaskForm):
    """Every quizapp form: no field accepts control characters such as NUL.

    CSRF is checked once, for every POST, by CSRFProtect before the view runs; the forms do not
    check it again (templates add the token with the csrf_field macro).
    """

    class Meta:
        csrf = False

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        given = extra_validators or {}
        extra = {name: [*given.get(name, ()), _refuse_control_characters] for name in self._fields}
        return bool(super().validate(extra))


class IndexedList(FieldList):
    """A FieldList that reads only ASCII indices ('parts-0'); 'parts-²' is ignored, not a crash."""

    def _extract_indices(self, prefix: str, formdata: Mapping[str, Any]) -> Iterator[int]:
        for key in formdata:
            if key.startswith(prefix + self._field_separator):
                index = key[len(prefix) + 1 :].split(self._field_separator, 1)[0]
                if index.isascii() and index.isdigit() and int(index) < self.max_entries:
                    yield int(index)


class PostForm(Form):
    """A button that changes something: CSRF and nothing else (log out, more new questions)."""


def _choices(*pairs: tuple[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]
