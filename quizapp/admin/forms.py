"""The admin's forms: searching users and changing a role."""

from __future__ import annotations

from wtforms import (
    SelectField,
    StringField,
)
from wtforms.validators import (
    Length,
)

from quizapp.core import limits
from quizapp.web.forms import Form


class RoleForm(Form):
    """An admin gives an account another role."""

    role = SelectField("Role", choices=["student", "teacher", "admin"])


class UserSearchForm(Form):
    """The admin's user list: a part of a username to look for."""

    q = StringField("Username contains", validators=[Length(max=limits.USERNAME)])
