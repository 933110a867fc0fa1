"""Who may call each endpoint, declared once and checked in one place before every view.

An endpoint missing from POLICY is refused to everyone (and a test walking `app.url_map` fails),
so a new route cannot be reachable by accident. Rights that depend on an object (this student's
answer, later this teacher's class) are checked by the services, which answer 404 for ids that
are not the caller's, so that they cannot be enumerated.
"""

from __future__ import annotations

from enum import StrEnum

from flask import Flask, abort, flash, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.extensions import login_manager


class Audience(StrEnum):
    ANYONE = "anyone"  # signed in or not
    SIGNED_IN = "signed in"  # any role
    TEACHER = "teacher"  # teachers and admins
    ADMIN = "admin"


ROLES_ALLOWED = {
    Audience.TEACHER: frozenset({"teacher", "admin"}),
    Audience.ADMIN: frozenset({"admin"}),
}

POLICY: dict[str, Audience] = {
    "static": Audience.ANYONE,
    "home.index": Audience.ANYONE,
    "auth.register": Audience.ANYONE,
    "auth.login": Audience.ANYONE,
    "auth.logout": Audience.SIGNED_IN,
    "auth.two_factor": Audience.ANYONE,  # between the password and the code: not signed in yet
    "banks.index": Audience.SIGNED_IN,
    "banks.dismiss_notices": Audience.SIGNED_IN,
    "study.overview": Audience.SIGNED_IN,
    "study.next_question": Audience.SIGNED_IN,
    "study.answer": Audience.SIGNED_IN,
    "study.answered": Audience.SIGNED_IN,
    "study.claim_right": Audience.SIGNED_IN,
    "study.more_new": Audience.SIGNED_IN,
    "progress.index": Audience.SIGNED_IN,
    "progress.bank": Audience.SIGNED_IN,
    "progress.question": Audience.SIGNED_IN,
    "settings.index": Audience.SIGNED_IN,
    "settings.password": Audience.SIGNED_IN,
    "settings.two_factor": Audience.SIGNED_IN,
    "settings.disable_two_factor": Audience.SIGNED_IN,
    "classes.index": Audience.SIGNED_IN,
    "classes.create": Audience.TEACHER,
    "classes.detail": Audience.TEACHER,
    "classes.rotate_code": Audience.TEACHER,
    "classes.joining": Audience.TEACHER,
    "classes.set_banks": Audience.TEACHER,
    "classes.add_teacher": Audience.TEACHER,
    "classes.remove_student": Audience.TEACHER,
    "classes.roster_csv": Audience.TEACHER,
    "classes.questions": Audience.TEACHER,
    "classes.question_answers": Audience.TEACHER,
    "classes.student": Audience.TEACHER,
    "classes.student_bank": Audience.TEACHER,
    "classes.student_question": Audience.TEACHER,
    "classes.join_with_code": Audience.SIGNED_IN,
    "classes.join": Audience.SIGNED_IN,
    "classes.leave": Audience.SIGNED_IN,
    # The bank editor: teachers and admins; which banks each may edit is the services' check.
    "editor.index": Audience.TEACHER,
    "editor.create_bank": Audience.TEACHER,
    "editor.copy_bank": Audience.TEACHER,
    "editor.bank": Audience.TEACHER,
    "editor.update_bank": Audience.TEACHER,
    "editor.allow_editor": Audience.ADMIN,
    "editor.move": Audience.TEACHER,
    "editor.retire": Audience.TEACHER,
    "editor.unretire": Audience.TEACHER,
    "editor.new_question": Audience.TEACHER,
    "editor.create_question": Audience.TEACHER,
    "editor.edit_question": Audience.TEACHER,
    "editor.save_question": Audience.TEACHER,
    "editor.question_history": Audience.TEACHER,
    "editor.restore_version": Audience.TEACHER,
    "bankfiles.export_file": Audience.TEACHER,
    "bankfiles.upload": Audience.TEACHER,
    "bankfiles.import_file": Audience.TEACHER,
    # Quizzes: teachers of the class (the services check which class), students of its classes.
    "quizzes.class_quizzes": Audience.TEACHER,
    "quizzes.new_quiz": Audience.TEACHER,
    "quizzes.create_quiz": Audience.TEACHER,
    "quizzes.class_gradebook": Audience.TEACHER,
    "quizzes.gradebook_csv": Audience.TEACHER,
    "quizzes.student_attempts": Audience.TEACHER,
    "quizzes.override": Audience.TEACHER,
    "quizzes.analysis": Audience.TEACHER,
    "quizzes.mine": Audience.SIGNED_IN,
    "practice.start": Audience.SIGNED_IN,
    "practice.item": Audience.SIGNED_IN,
    "practice.answer": Audience.SIGNED_IN,
    "practice.result": Audience.SIGNED_IN,
    "quizzes.start": Audience.SIGNED_IN,
    "quizzes.item": Audience.SIGNED_IN,
    "quizzes.save": Audience.SIGNED_IN,
    "quizzes.review": Audience.SIGNED_IN,
    "quizzes.whole": Audience.SIGNED_IN,
    "quizzes.save_all": Audience.SIGNED_IN,
    "quizzes.submit": Audience.SIGNED_IN,
    "quizzes.result": Audience.SIGNED_IN,
    "admin.users": Audience.ADMIN,
    "admin.set_role": Audience.ADMIN,
    "admin.staff_two_factor": Audience.ADMIN,
}


class Reach(StrEnum):
    """Whose objects a route with an id or slug reaches; anyone else gets 404, as for an id that
    does not exist. The services enforce it; a test tries every such route with every actor and
    with another class's and another teacher's objects against this table."""

    OWN = "the student's own"  # their attempt, practice quiz or answer
    MEMBERS = "students of the class"  # its quizzes, leaving it
    STUDIERS = "whoever studies the bank"  # its classes' students and its owner; never quiz-only
    CLASS_TEACHERS = "teachers of the class"  # its owner and co-teachers, not other teachers
    EDITORS = "editors of the bank"  # its owner, admins, teachers an admin allows


REACH: dict[str, Reach] = {
    "bankfiles.export_file": Reach.EDITORS,
    "bankfiles.import_file": Reach.EDITORS,
    "bankfiles.upload": Reach.EDITORS,
    "classes.add_teacher": Reach.CLASS_TEACHERS,
    "classes.detail": Reach.CLASS_TEACHERS,
    "classes.joining": Reach.CLASS_TEACHERS,
    "classes.leave": Reach.MEMBERS,
    "classes.question_answers": Reach.CLASS_TEACHERS,
    "classes.questions": Reach.CLASS_TEACHERS,
    "classes.remove_student": Reach.CLASS_TEACHERS,
    "classes.roster_csv": Reach.CLASS_TEACHERS,
    "classes.rotate_code": Reach.CLASS_TEACHERS,
    "classes.set_banks": Reach.CLASS_TEACHERS,
    "classes.student": Reach.CLASS_TEACHERS,
    "classes.student_bank": Reach.CLASS_TEACHERS,
    "classes.student_question": Reach.CLASS_TEACHERS,
    "editor.allow_editor": Reach.EDITORS,
    "editor.bank": Reach.EDITORS,
    "editor.copy_bank": Reach.EDITORS,
    "editor.create_question": Reach.EDITORS,
    "editor.edit_question": Reach.EDITORS,
    "editor.move": Reach.EDITORS,
    "editor.new_question": Reach.EDITORS,
    "editor.question_history": Reach.EDITORS,
    "editor.restore_version": Reach.EDITORS,
    "editor.retire": Reach.EDITORS,
    "editor.save_question": Reach.EDITORS,
    "editor.unretire": Reach.EDITORS,
    "editor.update_bank": Reach.EDITORS,
    "practice.answer": Reach.OWN,
    "practice.item": Reach.OWN,
    "practice.result": Reach.OWN,
    "practice.start": Reach.STUDIERS,
    "progress.bank": Reach.STUDIERS,
    "progress.question": Reach.STUDIERS,
    "quizzes.analysis": Reach.CLASS_TEACHERS,
    "quizzes.class_gradebook": Reach.CLASS_TEACHERS,
    "quizzes.class_quizzes": Reach.CLASS_TEACHERS,
    "quizzes.create_quiz": Reach.CLASS_TEACHERS,
    "quizzes.gradebook_csv": Reach.CLASS_TEACHERS,
    "quizzes.item": Reach.OWN,
    "quizzes.new_quiz": Reach.CLASS_TEACHERS,
    "quizzes.override": Reach.CLASS_TEACHERS,
    "quizzes.result": Reach.OWN,
    "quizzes.review": Reach.OWN,
    "quizzes.save": Reach.OWN,
    "quizzes.save_all": Reach.OWN,
    "quizzes.start": Reach.MEMBERS,
    "quizzes.student_attempts": Reach.CLASS_TEACHERS,
    "quizzes.submit": Reach.OWN,
    "quizzes.whole": Reach.OWN,
    "study.answer": Reach.STUDIERS,
    "study.answered": Reach.OWN,
    "study.claim_right": Reach.OWN,
    "study.more_new": Reach.STUDIERS,
    "study.next_question": Reach.STUDIERS,
    "study.overview": Reach.STUDIERS,
}


# What a teacher or admin who must set up two-factor log-in may still open.
SETTING_UP = frozenset({"settings.two_factor", "auth.logout", "static"})


def may_call(audience: Audience, signed_in: bool, role: str | None) -> bool | None:
    """True to go on, None to send the visitor to log in, False to refuse (403)."""
    if audience is Audience.ANYONE:
        return True
    if not signed_in:
        return None
    if audience is Audience.SIGNED_IN:
        return True
    return role in ROLES_ALLOWED[audience]


def enforce(app: Flask) -> None:
    """Check POLICY before every request that matched a route."""

    @app.before_request
    def _check_access() -> Response | None:
        endpoint = request.endpoint
        if endpoint is None:  # no route matched: the 404 or 405 handler answers
            return None
        audience = POLICY.get(endpoint)
        if audience is None:
            abort(403)
        signed_in = (
            bool(current_user.is_authenticated) if audience is not Audience.ANYONE else False
        )
        allowed = may_call(audience, signed_in, getattr(current_user, "role", None))
        if allowed is None:
            response: Response = login_manager.unauthorized()
            return response
        if not allowed:
            abort(403)
        if signed_in and endpoint not in SETTING_UP and current_user.account.must_set_up_two_factor:
            flash(
                "Your school asks teachers and admins to use two-factor log-in: set it up first.",
                "info",
            )
            return redirect(url_for("settings.two_factor"))
        return None
