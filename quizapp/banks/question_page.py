"""The question editor's page: the form with its rows, the problems beside them, and a preview of
what the form holds, whatever state it is in."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from quizapp.banks import question_citing, question_edit
from quizapp.banks.forms import MAX_ROWS, QuestionForm
from quizapp.banks.question_answers import answer_fields
from quizapp.banks.question_form import (
    LABELS,
    QUESTION_FIELDS,
    ROWS,
    TYPES,
    raw_from_form,
    shown_fields,
)
from quizapp.banks.question_problems import Placed, place_problems
from quizapp.banks.question_rows import apply, row_action
from quizapp.core.keys import make_key
from quizapp.pictures import services as pictures
from quizapp.pictures.forms import NEEDS_ALT as PICTURE_NEEDS_ALT
from quizapp.sources.picking import picker
from quizapp.study.forms import UNANSWERED
from quizapp.study.services import BankInfo, Shown, show
from quizapp.web.common import actor, now, user_id

# What the preview shows as the question while the teacher has not written one yet.
NO_PROMPT = "(The question appears here.)"


def _preview(editing: question_edit.Editing, form: QuestionForm, qtype: str) -> Shown:
    raw = raw_from_form(form, qtype, "")
    prompt = raw["prompt"] or NO_PROMPT
    spec = {**raw, "prompt": prompt}
    question = SimpleNamespace(id=0, type=qtype, prompt=prompt, spec=spec)
    return show(BankInfo(editing.bank_slug, editing.bank_title), question, None, "preview", now())


_KEY_WORDS = {"*": "Any other answer", "=": "A right number", "true": "True", "false": "False"}


def _feedback_preview(form: QuestionForm, qtype: str) -> list[tuple[str, str]]:
    """The feedback the form holds, as (whose answer, text) for the preview."""
    written: dict[str, str] = answer_fields(form, qtype).get("feedback", {})
    return [(_KEY_WORDS.get(key, key), text) for key, text in written.items()]


def render(
    editing: question_edit.Editing,
    qtype: str,
    form: QuestionForm,
    status: int = 200,
    placed: Placed | None = None,
    focus: str | None = None,
    citing_open: bool = False,
    **extra: Any,
) -> tuple[str, int]:
    """The page for this form, always with its preview; `focus` is the id of the box or button
    the browser puts the focus on."""
    cites = question_citing.lines(form)
    picking = picker(editing.bank_slug, form.pick_source.data, form.pick_search.data or "", cites)
    form.pick_source.choices = picking.sources
    form.pick_source.data = picking.chosen
    return render_template(
        "banks/question.html",
        e=editing,
        qtype=qtype,
        type_label=TYPES[qtype],
        fields=QUESTION_FIELDS[qtype],
        labels={name: LABELS.get((qtype, name)) for name in QUESTION_FIELDS[qtype]},
        rows=ROWS.get(qtype),
        max_rows=MAX_ROWS,
        form=form,
        placed=placed or Placed(),
        focus=focus,
        preview=_preview(editing, form, qtype),
        explanation=(form.explanation.data or "").strip(),
        answer_feedback=_feedback_preview(form, qtype),
        answer_form=UNANSWERED,
        needs_fixing=status == 422,
        picker=picking,
        citing_open=citing_open,
        **extra,
    ), status


def _key(form: QuestionForm, editing: question_edit.Editing) -> str:
    if editing.question_id is not None:
        return str(editing.raw["key"])  # fixed once saved
    typed = (form.key.data or "").strip()
    return typed or make_key(editing.bank_slug, form.prompt.data or "", ())


def submitted(editing: question_edit.Editing, qtype: str) -> Response | tuple[str, int]:
    """A row button (the page again, the rows changed), Preview (the page with the problems
    next to their fields), or Save."""
    form = QuestionForm()
    action = row_action(request.form.get("row"), qtype)
    if action is not None:
        changed, focus = apply(form, qtype, action)
        return render(editing, qtype, changed, focus=focus)
    citing = question_citing.citing_action(request.form.get("citing"))
    if citing is not None:
        focus = question_citing.apply(form, citing)
        return render(editing, qtype, form, focus=focus, citing_open=True)
    form.validate()
    if not _add_picture(editing, form):
        return render(editing, qtype, form, 422)
    raw = raw_from_form(form, qtype, _key(form, editing))
    form.key.data = raw["key"]
    if any(form[name].errors for name in shown_fields(qtype)):
        return render(editing, qtype, form, 422)
    slug, question_id = editing.bank_slug, editing.question_id
    if "preview" in request.form:
        problems, summary, warnings = question_edit.check(user_id(), slug, question_id, raw)
        placed = place_problems(form, qtype, problems)
        status = 422 if problems else 200
        return render(editing, qtype, form, status, placed, summary=summary, warnings=warnings)
    decision = request.form.get("decision") or None
    if "save_regrade" in request.form:
        decision = "regrade"
    outcome = question_edit.save(actor(), slug, question_id, raw, now(), decision)
    if isinstance(outcome, question_edit.Rejected):
        placed = place_problems(form, qtype, outcome.problems)
        return render(editing, qtype, form, 422, placed)
    if isinstance(outcome, question_edit.NeedsDecision):
        # A question to the teacher (regrade past answers or not?), not an error: served as 200.
        return render(editing, qtype, form, 200, summary=outcome.summary, decide=True)
    _saved_message(outcome)
    return redirect(
        url_for("editor.edit_question", slug=slug, question_id=outcome.question_id), code=303
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _add_picture(editing: question_edit.Editing, form: QuestionForm) -> bool:
    """Store a picture sent with the question and put its line at the end of the prompt; False
    (with the reason beside the box) when it cannot be added."""
    file = form.picture.data
    if not isinstance(file, FileStorage) or not file.filename or form.picture.errors:
        return not form.picture.errors
    alt = (form.picture_alt.data or "").strip()
    if not alt:
        form.picture_alt.errors = [PICTURE_NEEDS_ALT]
        return False
    try:
        stored = pictures.upload(user_id(), editing.bank_slug, file.read(), alt, now())
    except pictures.PictureRefused as refused:
        form.picture.errors = [str(refused)]
        return False
    form.prompt.data = f"{(form.prompt.data or '').rstrip()}\n\n{stored.snippet}".lstrip()
    form.picture_alt.data = ""
    return True


def _saved_message(outcome: question_edit.Saved) -> None:
    if outcome.version == 0:
        flash("Nothing changed, so no new version was made.", "info")
        return
    flash(f"Saved as version {outcome.version}.", "success")
    for warning in outcome.warnings:
        flash(f"Worth checking: {warning}", "warning")
    done = outcome.regraded
    if done is not None:
        flash(
            f"Regraded {_count(done.answers, 'past answer')} by"
            f" {_count(done.students, 'student')}: "
            f"{done.became_right} became right, {done.became_wrong} became wrong. "
            "Their cards were rescheduled and each student sees a notice.",
            "success",
        )
