"""Live game forms: setting up a game, and the teacher's controls."""

from __future__ import annotations

from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from quizapp.core import game as rules
from quizapp.web.forms import Form, _choices


class GameForm(Form):
    """A teacher sets up a live game of a class: questions by topic, by hand or a quiz's."""

    mode = RadioField(
        "Mode",
        choices=_choices(*((mode, rules.MODE_NAMES[mode]) for mode in rules.MODES)),
        default=rules.CLASSIC,
    )
    seconds = SelectField(
        "Time for each question",
        choices=[SelectChoice(s, f"{s} seconds") for s in rules.SECONDS],
        coerce=int,
        default=20,
    )
    quiz = SelectField("A quiz's questions", choices=[], coerce=int, validate_choice=False)
    tags = SelectMultipleField("Topics", choices=[], validate_choice=False)
    questions = SelectMultipleField("Questions", choices=[], coerce=int, validate_choice=False)
    allow_guests = BooleanField("Let guests join with a nickname")


class GuestForm(Form):
    """Someone without an account joins a game open to guests: its code and a nickname. The
    nickname's rules are core.game.nickname's, checked by the service (a message beside it)."""

    code = StringField(
        "Game code",
        validators=[DataRequired("Type the code on the screen."), Length(max=20)],
    )
    nickname = StringField(
        "Nickname",
        validators=[DataRequired("Type a nickname."), Length(max=4 * rules.NICKNAME)],
    )


class ControlForm(Form):
    """One of the teacher's buttons on the projector page."""

    action = SelectField(
        choices=[SelectChoice(a, a) for a in rules.ACTIONS],
        validators=[InputRequired()],
        validate_choice=True,
    )
