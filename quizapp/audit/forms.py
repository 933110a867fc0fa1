"""The audit log's filters: a GET form, like the users search, so it carries no CSRF token."""

from __future__ import annotations

from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from quizapp.audit.models import Action
from quizapp.core import limits
from quizapp.web.forms import Form, _choices


class AuditFilterForm(Form):
    """Which entries the admin wants to see; every field may be left empty."""

    action = SelectField(
        "Action",
        default="",
        choices=_choices(("", "Any action"), *((a.value, a.value.capitalize()) for a in Action)),
    )
    actor = StringField("Who (username contains)", validators=[Length(max=limits.USERNAME)])
    target = StringField("To whom or what (contains)", validators=[Length(max=200)])
    since = DateField("From", validators=[Optional()])
    until = DateField("To", validators=[Optional()])

    def validate_since(self, field: DateField) -> None:
        _plausible(field)

    def validate_until(self, field: DateField) -> None:
        _plausible(field)
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The end is before the start.")


def _plausible(field: DateField) -> None:
    # Far-off years would overflow once turned into moments in a time zone.
    if field.data and not 2000 <= field.data.year <= 2999:
        raise ValidationError("Give a date between the years 2000 and 2999.")
