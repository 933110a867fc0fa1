"""The teacher's choice of a class's desired retention."""

from __future__ import annotations

from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from quizapp.web.forms import Form

CHOICES = [SelectChoice(f"{r / 100:.2f}", f"{r}%") for r in range(80, 96)]


class RetentionForm(Form):
    retention = SelectField("Desired retention", choices=CHOICES, validators=[InputRequired()])
