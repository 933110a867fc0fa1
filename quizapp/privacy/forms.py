"""The delete page's form: a new owner for each class, the password, and the username typed."""

from __future__ import annotations

from wtforms import Field, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from quizapp.core import limits
from quizapp.privacy.handover import Handover, Person
from quizapp.web.forms import Form


class DeleteForm(Form):
    """Confirming that an account is to be deleted; one heir field per class is added to it."""

    password = PasswordField("Your password", validators=[DataRequired(), Length(max=200)])
    confirm = StringField(
        "Type the username of the account to delete",
        validators=[DataRequired(), Length(max=limits.USERNAME)],
    )


def _choice(label: str, people: list[Person], message: str) -> Field:
    choices = [SelectChoice("", "Choose…"), *(SelectChoice(str(p.id), p.username) for p in people)]
    field: Field = SelectField(label, choices=choices, validators=[InputRequired(message=message)])
    return field


def delete_form(plan: Handover) -> DeleteForm:
    """The form for this account: a choice per class it owns, and one for its banks if any."""

    class Bound(DeleteForm):
        pass

    for owned in plan.classes:
        field = _choice(
            f"Who takes over {owned.name}", owned.choices, f"Choose who takes over {owned.name}."
        )
        setattr(Bound, f"class_{owned.id}", field)
    if plan.heir_needed:
        message = "Choose who takes over the banks, sources and regrades."
        label = "Who takes over the banks, sources and regrades"
        Bound.heir = _choice(label, plan.heir_choices, message)
    return Bound()


def heirs(form: DeleteForm, plan: Handover) -> tuple[dict[int, int], int | None]:
    """The chosen heirs: by class id, and for the banks (ids as the form gave them)."""

    def chosen(name: str) -> int | None:
        value = form[name].data if name in form else None
        return int(value) if value and str(value).isdigit() else None

    by_class = {c.id: chosen(f"class_{c.id}") for c in plan.classes}
    return {k: v for k, v in by_class.items() if v is not None}, chosen("heir")
