"""Class forms: making a class, joining one, co-teachers and banks."""

from __future__ import annotations

from wtforms import (
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Length,
)

from quizapp.core import limits
from quizapp.web.forms import Form


class ClassForm(Form):
    """A teacher creates a class."""

    name = StringField("Class name", validators=[DataRequired(), Length(max=limits.CLASS_NAME)])
    description = TextAreaField(
        "Description (optional)", validators=[Length(max=limits.CLASS_DESCRIPTION)]
    )


class JoinForm(Form):
    """A student types the code the teacher shows."""

    code = StringField(
        "Join code",
        validators=[DataRequired(message="Type the code your teacher shows."), Length(max=20)],
    )


class CoTeacherForm(Form):
    username = StringField(
        "Teacher's username", validators=[DataRequired(), Length(max=limits.USERNAME)]
    )


class ClassBanksForm(Form):
    """The banks a class studies: the checked slugs."""

    banks = SelectMultipleField("Banks", choices=[], validate_choice=False)
