"""Every route that takes an id or a slug, tried by every actor with their own side's objects and
with another class's and another teacher's, against the declared table `access.REACH`.

An actor the table does not name gets 404, as for an id that does not exist (or the role's 403,
or the log-in page, from `access.POLICY`); an actor it names gets the page. A URL that mixes the
two sides' objects (side A's class with side B's student, say) is 404 for everyone. Actions
(POST) are tried only where they must be refused, so that the walk changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import Flask

from quizapp.web.access import POLICY, REACH, Audience, Reach
from tests import world as worlds
from tests.conftest import Clock

pytestmark = pytest.mark.usefixtures("sample_banks")

ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
OBJECTS = {
    "slug",
    "question_id",
    "class_id",
    "student_id",
    "review_id",
    "quiz_id",
    "attempt_id",
    "source_id",
    "homework_id",
    "picture",
    "account",
    "game_id",
}
FIXED = {
    "position": "1",
    "number": "1",
    "qtype": "choice",
    "fmt": "toml",
    "username": "nobody",
    "player_id": "1",
}

# Who each reach lets in, as relations to the side whose objects are in the URL.
REACHED_BY = {
    Reach.OWN: {"student of the class"},
    Reach.MEMBERS: {"student of the class"},
    Reach.STUDIERS: {"student of the class", "owner"},
    Reach.CLASS_TEACHERS: {"owner", "co-teacher"},
    Reach.EDITORS: {"owner", "admin"},
    Reach.AUTHOR: {"owner"},
    Reach.VIEWERS: {"owner", "co-teacher", "admin", "student of the class"},
    Reach.SELF: {"student of the class", "admin"},
    Reach.CLASS: {"owner", "co-teacher", "student of the class"},
    Reach.GUEST: set(),  # nobody in the worlds holds a guest's secret (tests/games try guests)
}
ROLE = {
    "anonymous": None,
    "owner": "teacher",
    "co-teacher": "teacher",
    "other teacher": "teacher",
    "admin": "admin",
    "student of the class": "student",
    "student of another class": "student",
    "student in no class": "student",
}
# Each actor's relation to side B (the table names relations to side A).
TO_B = {
    "anonymous": "anonymous",
    "owner": "other teacher",
    "co-teacher": "other teacher",
    "other teacher": "owner",
    "admin": "admin",
    "student of the class": "student of another class",
    "student of another class": "student of the class",
    "student in no class": "student in no class",
}
ROLES_FOR = {
    Audience.ANYONE: set(ROLE.values()),
    Audience.SIGNED_IN: {"student", "teacher", "admin"},
    Audience.TEACHER: {"teacher", "admin"},
    Audience.ADMIN: {"admin"},
}


def _object(side: worlds.Side, endpoint: str, name: str) -> str:
    values = {
        "slug": side.study_slug,
        "question_id": side.study_question,
        "class_id": side.class_id,
        "student_id": side.student,
        "review_id": side.review_id,
        "quiz_id": side.quiz_id,
        "source_id": side.source_id,
        "homework_id": side.homework_id,
        "picture": side.picture,
        "account": side.student_name,
        "game_id": side.game_id,
        "attempt_id": side.practice_id if endpoint.startswith("practice.") else side.attempt_id,
    }
    return str(values[name])


@dataclass(frozen=True)
class Variant:
    url: str
    side: str  # "A", "B" or "mixed"


def _variants(rule: str, endpoint: str, world: worlds.World) -> list[Variant]:
    names = ARGUMENT.findall(rule)
    objects = [n for n in names if n in OBJECTS]

    def url(b_names: set[str]) -> str:
        def fill(name: str) -> str:
            if name in FIXED:
                return FIXED[name]
            return _object(world.b if name in b_names else world.a, endpoint, name)

        return ARGUMENT.sub(lambda m: fill(m.group(1)), rule)

    found = [Variant(url(set()), "A"), Variant(url(set(objects)), "B")]
    if len(objects) > 1:  # one foreign object at a time
        found += [Variant(url({name}), "mixed") for name in objects]
    return found


def _expected(endpoint: str, relation: str, variant: Variant) -> str:
    """ "page" (allowed), "404", "403" or "login"."""
    role = ROLE[relation]
    if role is None and POLICY[endpoint] is not Audience.ANYONE:
        return "login"
    if role not in ROLES_FOR[POLICY[endpoint]]:
        return "403"
    reached_by = REACHED_BY[REACH[endpoint]]
    if variant.side == "A" and relation in reached_by:
        return "page"
    if variant.side == "B" and TO_B[relation] in reached_by:
        return "page"
    return "404"


def _outcome(status: int, location: str | None) -> str:
    if status == 302 and location and "/auth/login" in location:
        return "login"
    if status in {403, 404}:
        return str(status)
    return "page"


def _object_routes(app: Flask) -> list[tuple[str, str, str]]:
    return sorted(
        (rule.endpoint, rule.rule, method)
        for rule in app.url_map.iter_rules()
        if OBJECTS & set(ARGUMENT.findall(rule.rule))
        for method in rule.methods - {"HEAD", "OPTIONS"}
    )


def test_every_route_with_an_id_or_slug_declares_whose_objects_it_reaches(app: Flask) -> None:
    endpoints = {endpoint for endpoint, _, _ in _object_routes(app)}
    assert endpoints - REACH.keys() == set(), "routes taking an id or slug without a reach"
    assert REACH.keys() - endpoints == set(), "reach entries for routes that take no id or slug"


def test_each_actor_reaches_exactly_the_objects_the_table_says(app: Flask, clock: Clock) -> None:
    app.config["WTF_CSRF_ENABLED"] = False  # reach the checks with any method
    world = worlds.build(app, clock.now)
    clients = worlds.clients(app, world)
    wrong, tried = [], 0
    for endpoint, rule, method in _object_routes(app):
        for variant in _variants(rule, endpoint, world):
            for relation, client in clients.items():
                expected = _expected(endpoint, relation, variant)
                if method != "GET" and expected == "page":
                    continue  # an allowed action would change the worlds for what follows
                response = client.open(variant.url, method=method)
                got = _outcome(response.status_code, response.location)
                tried += 1
                if got != expected:
                    wrong.append(
                        f"{relation} {method} {variant.url} ({variant.side}): "
                        f"{response.status_code}, expected {expected}"
                    )
    assert wrong == [], "\n".join(wrong)
    print(f"object access: {tried} requests")
    assert tried > 1000
