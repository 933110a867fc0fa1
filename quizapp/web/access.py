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
    "home.index": Audience.ANYONE,  # log-in for visitors, each user's home once signed in
    "auth.register": Audience.ANYONE,
    "auth.login": Audience.ANYONE,
    "auth.logout": Audience.SIGNED_IN,
    "auth.two_factor": Audience.ANYONE,  # between the password and the code: not signed in yet
    # A new password with a one-time code or link: whoever holds it, signed in or not.
    "reset.code": Audience.ANYONE,
    "reset.link": Audience.ANYONE,
    "reset.new_password": Audience.ANYONE,
    "reset.forgot": Audience.ANYONE,  # a 404 when the school has not configured mail
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
    "settings.change_email": Audience.SIGNED_IN,  # a 404 without mail configured
    "settings.remove_email": Audience.SIGNED_IN,
    "settings.confirm_email": Audience.SIGNED_IN,  # only the owner of the address, signed in
    # School sign-in: to the provider and back before anyone is signed in; linking, once signed in.
    "sso.start": Audience.ANYONE,
    "sso.callback": Audience.ANYONE,
    "sso.index": Audience.SIGNED_IN,
    "sso.link": Audience.SIGNED_IN,
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
    "classes.reset_password": Audience.TEACHER,
    "classes.sign_in_cards": Audience.TEACHER,
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
    "editor.revoke_editor": Audience.ADMIN,
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
    "accommodations.page": Audience.TEACHER,
    "accommodations.set_one": Audience.TEACHER,
    "accommodations.set_all": Audience.TEACHER,
    "quizzes.mine": Audience.SIGNED_IN,
    "quizzes.my_grades": Audience.SIGNED_IN,  # only the signed-in student's own: it takes no id
    "practice.start": Audience.SIGNED_IN,
    "practice.item": Audience.SIGNED_IN,
    "practice.answer": Audience.SIGNED_IN,
    "practice.result": Audience.SIGNED_IN,
    "practice.retry": Audience.SIGNED_IN,
    "quizzes.start": Audience.SIGNED_IN,
    "quizzes.item": Audience.SIGNED_IN,
    "quizzes.save": Audience.SIGNED_IN,
    "quizzes.review": Audience.SIGNED_IN,
    "quizzes.whole": Audience.SIGNED_IN,
    "quizzes.save_all": Audience.SIGNED_IN,
    "quizzes.submit": Audience.SIGNED_IN,
    "quizzes.result": Audience.SIGNED_IN,
    # Sources: teachers and admins; whose sources each may read and correct is the services' check.
    "sources.index": Audience.TEACHER,
    "sources.new_source": Audience.TEACHER,
    "sources.create_source": Audience.TEACHER,
    "sources.source": Audience.TEACHER,
    "sources.edit_source": Audience.TEACHER,
    "sources.save_source": Audience.TEACHER,
    # Homework: teachers of the class (the services check which class); students see their own.
    "homework.class_homework": Audience.TEACHER,
    "homework.new_homework": Audience.TEACHER,
    "homework.create_homework": Audience.TEACHER,
    "homework.edit_homework": Audience.TEACHER,
    "homework.save_homework": Audience.TEACHER,
    "homework.close": Audience.TEACHER,
    "homework.board": Audience.TEACHER,
    "homework.board_csv": Audience.TEACHER,
    "homework.mine": Audience.SIGNED_IN,
    # Pictures: a bank's editors upload them; whoever may see its questions sees them.
    "pictures.bank": Audience.TEACHER,
    "pictures.upload": Audience.TEACHER,
    "pictures.picture": Audience.SIGNED_IN,
    # Live games: teachers of the class set them up and drive them; its students play.
    "games.new_game": Audience.TEACHER,
    "games.create_game": Audience.TEACHER,
    "games.projector": Audience.TEACHER,
    "games.control": Audience.TEACHER,
    "games.names": Audience.TEACHER,
    "games.remove_player": Audience.TEACHER,
    "games.game_report": Audience.TEACHER,
    "games.report_csv": Audience.TEACHER,
    "games.play": Audience.SIGNED_IN,
    "games.join": Audience.SIGNED_IN,
    "games.answer": Audience.SIGNED_IN,
    "games.state": Audience.SIGNED_IN,
    # Guests, in a game whose teacher lets them in: anyone may open the join page; the guest's
    # own pages answer only the holder of the secret their cookie got on joining (else 404).
    "games.guest_link": Audience.ANYONE,
    "games.guest_join": Audience.ANYONE,
    "games.guest_play": Audience.ANYONE,
    "games.guest_answer": Audience.ANYONE,
    "games.guest_state": Audience.ANYONE,
    "games.remove_guest": Audience.TEACHER,
    "admin.users": Audience.ADMIN,
    "admin.set_role": Audience.ADMIN,
    "admin.reset_password": Audience.ADMIN,  # anyone's; a teacher resets only their students
    "admin.staff_two_factor": Audience.ADMIN,
    # Each person's own data; an admin's for anyone (the services check whose).
    "privacy.download": Audience.SIGNED_IN,
    "privacy.delete": Audience.SIGNED_IN,
    "audit.log": Audience.ADMIN,
    "audit.log_csv": Audience.ADMIN,
    # Fits run outside requests: the button only queues one.
    "scheduling.fits": Audience.ADMIN,
    "scheduling.queue_fit": Audience.ADMIN,
    "scheduling.class_retention": Audience.TEACHER,
    "scheduling.set_class_retention": Audience.TEACHER,
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
    AUTHOR = "the teacher who added it"  # a teacher's source (the school's: every teacher reads)
    # A picture: its bank's editors, whoever studies the bank, teachers of a class that studies
    # it or quizzes on it, and students who were given its questions in a quiz.
    VIEWERS = "whoever may see the bank's questions"
    SELF = "the account itself, and admins"  # its data: downloading it, deleting it
    CLASS = "teachers and students of the class"  # a live game's state, which both poll
    GUEST = "the guest holding the game's secret"  # in their session cookie; no account


REACH: dict[str, Reach] = {
    "games.new_game": Reach.CLASS_TEACHERS,
    "games.create_game": Reach.CLASS_TEACHERS,
    "games.projector": Reach.CLASS_TEACHERS,
    "games.control": Reach.CLASS_TEACHERS,
    "games.names": Reach.CLASS_TEACHERS,
    "games.remove_player": Reach.CLASS_TEACHERS,
    "games.game_report": Reach.CLASS_TEACHERS,
    "games.report_csv": Reach.CLASS_TEACHERS,
    "games.play": Reach.MEMBERS,
    "games.join": Reach.MEMBERS,
    "games.answer": Reach.MEMBERS,
    "games.state": Reach.CLASS,
    "games.guest_play": Reach.GUEST,
    "games.guest_answer": Reach.GUEST,
    "games.guest_state": Reach.GUEST,
    "games.remove_guest": Reach.CLASS_TEACHERS,
    "pictures.bank": Reach.EDITORS,
    "pictures.upload": Reach.EDITORS,
    "pictures.picture": Reach.VIEWERS,
    "privacy.download": Reach.SELF,
    "privacy.delete": Reach.SELF,
    "sources.source": Reach.AUTHOR,
    "sources.edit_source": Reach.AUTHOR,
    "sources.save_source": Reach.AUTHOR,
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
    "classes.reset_password": Reach.CLASS_TEACHERS,
    "classes.sign_in_cards": Reach.CLASS_TEACHERS,
    "scheduling.class_retention": Reach.CLASS_TEACHERS,
    "scheduling.set_class_retention": Reach.CLASS_TEACHERS,
    "editor.allow_editor": Reach.EDITORS,
    "editor.revoke_editor": Reach.EDITORS,
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
    "homework.board": Reach.CLASS_TEACHERS,
    "homework.board_csv": Reach.CLASS_TEACHERS,
    "homework.class_homework": Reach.CLASS_TEACHERS,
    "homework.close": Reach.CLASS_TEACHERS,
    "homework.create_homework": Reach.CLASS_TEACHERS,
    "homework.edit_homework": Reach.CLASS_TEACHERS,
    "homework.new_homework": Reach.CLASS_TEACHERS,
    "homework.save_homework": Reach.CLASS_TEACHERS,
    "practice.answer": Reach.OWN,
    "practice.item": Reach.OWN,
    "practice.result": Reach.OWN,
    "practice.retry": Reach.OWN,
    "practice.start": Reach.STUDIERS,
    "progress.bank": Reach.STUDIERS,
    "progress.question": Reach.STUDIERS,
    "quizzes.analysis": Reach.CLASS_TEACHERS,
    "accommodations.page": Reach.CLASS_TEACHERS,
    "accommodations.set_one": Reach.CLASS_TEACHERS,
    "accommodations.set_all": Reach.CLASS_TEACHERS,
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
