"""Live games: the teacher sets one up and drives it from the projector page; students play on
their phones. Every page polls the game's small state and is drawn again when it changes."""

from __future__ import annotations

import contextlib

import segno
from flask import (
    Blueprint,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from quizapp.core import game as rules
from quizapp.core.answer_token import InvalidToken
from quizapp.core.grading import Response as Grading
from quizapp.errors import NotFound, QuestionRetired
from quizapp.extensions import limiter
from quizapp.games import board, guests, report, services, setup
from quizapp.games import play as playing
from quizapp.games.forms import ControlForm, GameForm, GuestForm
from quizapp.quizzes import picker
from quizapp.study.forms import UNANSWERED, AnswerForm
from quizapp.study.services import Shown
from quizapp.web import ratelimit
from quizapp.web.common import actor, now, secret, user_id
from quizapp.web.forms import PostForm

bp = Blueprint("games", __name__)


@bp.errorhandler(NotFound)
def not_found(exc: NotFound) -> tuple[str, int]:
    return render_template("errors/404.html", message=str(exc)), 404


# --- setting up -------------------------------------------------------------------------------


def _form_page(class_id: int, form: GameForm, status: int = 200) -> tuple[str, int]:
    pool = setup.game_pool(user_id(), class_id)
    quizzes = setup.quiz_options(user_id(), class_id)
    form.quiz.choices = [SelectChoice(0, "None"), *(SelectChoice(q.id, q.title) for q in quizzes)]
    form.tags.choices = [SelectChoice(t, t) for t in picker.all_tags(pool)]
    chosen = set(form.questions.data or [])
    page = render_template(
        "games/new.html",
        class_id=class_id,
        form=form,
        pool=pool,
        groups=picker.grouped(pool, chosen),
        chosen=chosen,
    )
    return page, status


@bp.get("/classes/<id:class_id>/games/new")
def new_game(class_id: int) -> tuple[str, int]:
    return _form_page(class_id, GameForm())


@bp.post("/classes/<id:class_id>/games/new")
def create_game(class_id: int) -> Response | tuple[str, int]:
    form = GameForm()
    if not form.validate():
        return _form_page(class_id, form, 422)
    settings = setup.GameSettings(
        mode=str(form.mode.data),
        seconds=int(form.seconds.data or 0),
        question_ids=list(form.questions.data or []),
        tags=[str(t) for t in form.tags.data or []][:50],
        quiz_id=int(form.quiz.data) if form.quiz.data else None,
        allow_guests=bool(form.allow_guests.data),
    )
    try:
        game_id = setup.create_game(user_id(), class_id, settings, now())
    except setup.GameRefused as refused:
        form[refused.field_name].errors = [str(refused)]
        return _form_page(class_id, form, 422)
    return redirect(url_for("games.projector", game_id=game_id), code=303)


# --- the projector ----------------------------------------------------------------------------


def _qr(link: str) -> str:
    return str(segno.make(link, error="m").svg_inline(scale=6, title=f"QR code of {link}"))


@bp.get("/games/<id:game_id>/host")
def projector(game_id: int) -> str:
    found = board.projector(user_id(), game_id, now())
    if found.guest_code:  # one code for all: students signed in are sent on to their page
        link = url_for("games.guest_link", code=found.guest_code, _external=True)
    else:
        link = url_for("games.play", game_id=game_id, _external=True)
    return render_template(
        "games/host.html", r=found, link=link, qr=_qr(link), post=PostForm(), modes=rules
    )


@bp.post("/games/<id:game_id>/control")
def control(game_id: int) -> Response:
    form = ControlForm()
    if form.validate():
        try:
            services.control(user_id(), game_id, str(form.action.data), now())
        except rules.InvalidMove:
            flash("That button no longer applied: the game had moved on.", "info")
    else:
        services.teachers_game(user_id(), game_id)  # another teacher's game: not found
    return redirect(url_for("games.projector", game_id=game_id), code=303)


@bp.post("/games/<id:game_id>/names")
def names(game_id: int) -> Response:
    services.hide_names(user_id(), game_id, request.form.get("hidden") == "1")
    return redirect(url_for("games.projector", game_id=game_id), code=303)


@bp.post("/games/<id:game_id>/players/<id:student_id>/remove")
def remove_player(game_id: int, student_id: int) -> Response:
    services.remove_player(actor(), game_id, student_id)
    flash("Player removed from the game.", "success")
    return redirect(url_for("games.projector", game_id=game_id), code=303)


@bp.post("/games/<id:game_id>/guests/<id:player_id>/remove")
def remove_guest(game_id: int, player_id: int) -> Response:
    guests.remove(actor(), game_id, player_id)
    flash("Guest removed from the game.", "success")
    return redirect(url_for("games.projector", game_id=game_id), code=303)


@bp.get("/games/<id:game_id>/report")
def game_report(game_id: int) -> str:
    found = report.report(user_id(), game_id)
    return render_template("games/report.html", g=found)


@bp.get("/games/<id:game_id>/report.csv")
def report_csv(game_id: int) -> Response:
    found = report.report(user_id(), game_id)
    return Response(
        report.as_csv(found),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="game-{game_id}.csv"'},
    )


# --- the phones -------------------------------------------------------------------------------


def _phone_page(
    game_id: int, form: AnswerForm | None = None, guest: bool = False
) -> tuple[str, int]:
    try:
        if guest:
            found = board.guest_phone(game_id, _guest_secret(game_id), now(), secret())
        else:
            found = board.phone(user_id(), game_id, now(), secret())
    except services.NotPlaying as refused:
        return render_template("games/out.html", message=str(refused), guest=guest), 200
    return render_template(
        "games/play.html",
        p=found,
        r=found.room,
        shown=found.shown,
        form=form or UNANSWERED,
        modes=rules,
    ), (422 if form else 200)


@bp.get("/games/<id:game_id>/")
def play(game_id: int) -> tuple[str, int]:
    return _phone_page(game_id)


@bp.post("/games/<id:game_id>/join")
def join(game_id: int) -> Response | tuple[str, int]:
    try:
        services.join(user_id(), game_id, now())
    except services.NotPlaying as refused:
        return render_template("games/out.html", message=str(refused)), 200
    return redirect(url_for("games.play", game_id=game_id), code=303)


@bp.post("/games/<id:game_id>/answer")
def answer(game_id: int) -> Response | tuple[str, int]:
    """Record the phone's answer. game.js asks for JSON and shows "Answer sent" in place; a page
    without a script follows the redirect. Errors beside the fields are a page either way."""
    return _answer(game_id, guest=False)


def _answer(game_id: int, guest: bool) -> Response | tuple[str, int]:
    form = AnswerForm()
    form.validate()

    def accept(shown: Shown) -> Grading | None:
        if not form.check_for(shown.type, shown.part_count, shown.choices):
            return None
        return form.response(shown.type, shown.choices)

    position = request.form.get("position", type=int) or 0
    token = form.token.data or ""
    taken, message = False, ""
    try:
        if guest:
            outcome = guests.answer(
                game_id, _guest_secret(game_id), position, token, now(), secret(), accept
            )
        else:
            outcome = playing.answer(user_id(), game_id, position, token, now(), secret(), accept)
    except playing.TooLate as late:
        message = str(late)
    except (InvalidToken, QuestionRetired) as refused:
        message = str(refused)
    except services.NotPlaying as refused:
        return render_template("games/out.html", message=str(refused), guest=guest), 200
    else:
        if not isinstance(outcome, playing.Answered):
            return _phone_page(game_id, form, guest)
        taken = True
        if outcome.already:
            message = "You had answered this question already: your first answer counts."
    return _answer_reply(game_id, taken, message, guest)


def _answer_reply(game_id: int, taken: bool, message: str, guest: bool) -> Response:
    """JSON for game.js, which asked for it; otherwise back to the phone page, which says it."""
    if request.accept_mimetypes.best == "application/json":
        return jsonify(taken=taken, message=message)
    if message:
        flash(message, "info")
    page = "games.guest_play" if guest else "games.play"
    return redirect(url_for(page, game_id=game_id), code=303)


@bp.get("/games/<id:game_id>/state")
def state(game_id: int) -> Response:
    return _state_reply(services.state(user_id(), game_id, now()))


def _state_reply(found: services.State) -> Response:
    etag = f'"{found.etag}"'
    if request.headers.get("If-None-Match") == etag:
        return Response(status=304, headers={"ETag": etag})
    response = jsonify(
        version=found.version,
        phase=found.phase,
        position=found.position,
        answered=found.answered,
        players=found.players,
        remaining=found.remaining,
        paused=found.paused,
    )
    response.headers["ETag"] = etag
    return response


# --- guests -----------------------------------------------------------------------------------
# Someone without an account, in a game whose teacher lets guests in. Their cookie (the signed
# session) holds a random secret for each game they joined; the database knows only its hash.

_GUESTS = "game_guests"
_KEPT = 5  # the games a browser stays a guest of


def _held() -> dict[int, str]:
    held = session.get(_GUESTS)
    if not isinstance(held, dict):
        return {}
    return {int(k): v for k, v in held.items() if k.isdigit() and isinstance(v, str)}


def _guest_secret(game_id: int) -> str | None:
    return _held().get(game_id)


def _keep(game_id: int, guest_secret: str) -> None:
    held = {**_held(), game_id: guest_secret}
    session[_GUESTS] = {str(k): v for k, v in sorted(held.items())[-_KEPT:]}


def _join_page(form: GuestForm, status: int = 200, game_id: int | None = None) -> tuple[str, int]:
    return render_template("games/guest.html", form=form, game_id=game_id), status


@bp.get("/play/<code>")
def guest_link(code: str) -> tuple[str, int]:
    """The projector's QR code: the join page with the game's code filled in; one signed in is
    offered their own place too (a student of the class plays as themselves)."""
    game_id = None
    if current_user.is_authenticated:
        with contextlib.suppress(guests.GuestRefused):
            game_id = guests.open_game(code).id
    return _join_page(GuestForm(data={"code": code[:20]}), game_id=game_id)


@bp.route("/play", methods=["GET", "POST"])
@limiter.limit(
    ratelimit.setting("GUEST_JOIN_RATE_LIMIT"), key_func=ratelimit.address, methods=["POST"]
)
def guest_join() -> Response | tuple[str, int]:
    form = GuestForm()
    if not form.validate_on_submit():
        return _join_page(form, 422 if request.method == "POST" else 200)
    fresh = guests.new_secret()
    try:
        game_id = guests.join(str(form.code.data), str(form.nickname.data), _held(), fresh, now())
    except guests.GuestRefused as refused:
        form[refused.field_name].errors = [str(refused)]
        return _join_page(form, 422)
    except services.NotPlaying as refused:
        return render_template("games/out.html", message=str(refused), guest=True), 200
    if game_id not in _held():
        _keep(game_id, fresh)
    return redirect(url_for("games.guest_play", game_id=game_id), code=303)


@bp.get("/games/<id:game_id>/guest")
def guest_play(game_id: int) -> tuple[str, int]:
    return _phone_page(game_id, guest=True)


@bp.post("/games/<id:game_id>/guest/answer")
def guest_answer(game_id: int) -> Response | tuple[str, int]:
    return _answer(game_id, guest=True)


@bp.get("/games/<id:game_id>/guest/state")
def guest_state(game_id: int) -> Response:
    return _state_reply(guests.state(game_id, _guest_secret(game_id), now()))
