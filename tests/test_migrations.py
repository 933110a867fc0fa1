"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

import json

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade

from quizapp.extensions import db


def _drop_everything(app: Flask) -> None:
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def test_migrations_build_the_models_schema(app: Flask) -> None:
    _drop_everything(app)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []


def test_migrations_downgrade_cleanly(app: Flask) -> None:
    _drop_everything(app)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(db.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        upgrade()  # leave the schema for the fixture's teardown


def test_card_running_figures_are_filled_from_past_answers(app: Flask) -> None:
    _drop_everything(app)
    with app.app_context():
        upgrade(revision="c03e7c7012ca")
        with db.engine.begin() as conn:
            run = conn.exec_driver_sql
            run(
                'INSERT INTO "user" (id, username, password_hash, role, session_token, timezone,'
                " extra_new_count, created_at) VALUES (1, 'sam', 'x', 'student', 't', 'UTC', 0,"
                " '2026-03-01 09:00:00')"
            )
            run(
                "INSERT INTO bank (id, slug, title, description, position, source_path, updated_at)"
                " VALUES (1, 'b', 'B', '', 1, '', '2026-03-01 09:00:00')"
            )
            run(
                "INSERT INTO question (id, bank_id, key, type, prompt, explanation, tags, cite,"
                " spec, position, updated_at) VALUES (1, 1, 'b.q', 'short', 'p', 'e', '[]', '[]',"
                " '{}', 1, '2026-03-01 09:00:00')"
            )
            run(
                "INSERT INTO card (id, user_id, question_id, state, due, first_seen_at, reps,"
                " lapses) VALUES (1, 1, 1, 2, '2026-03-02 09:00:00', '2026-03-01 09:00:00', 3, 1)"
            )
            for review_id, score, correct in ((1, 1.0, True), (2, 0.0, False), (3, 0.5, True)):
                run(
                    "INSERT INTO review (id, token, user_id, question_id, response, score,"
                    " correct, rating, shown_at, answered_at, due_after) VALUES"
                    f" ({review_id}, 't{review_id}', 1, 1, '\"a\"', {score}, {correct}, 3,"
                    " '2026-03-01 09:00:00', '2026-03-01 09:00:00', '2026-03-02 09:00:00')"
                )
        upgrade()
        with db.engine.connect() as conn:
            figures = conn.exec_driver_sql(
                "SELECT score_sum, last_wrong_review_id FROM card WHERE id = 1"
            ).one()
        assert tuple(figures) == (1.5, 2)


def test_every_question_gets_a_first_version_and_past_answers_point_at_it(app: Flask) -> None:
    _drop_everything(app)
    with app.app_context():
        upgrade(revision="76660c410ee8")
        with db.engine.begin() as conn:
            run = conn.exec_driver_sql
            run(
                'INSERT INTO "user" (id, username, password_hash, role, session_token, timezone,'
                " extra_new_count, created_at) VALUES (1, 'sam', 'x', 'student', 't', 'UTC', 0,"
                " '2026-03-01 09:00:00')"
            )
            run(
                "INSERT INTO bank (id, slug, title, description, position, source_path, updated_at)"
                " VALUES (1, 'b', 'B', '', 1, '', '2026-03-01 09:00:00')"
            )
            for qid in (1, 2):
                run(
                    "INSERT INTO question (id, bank_id, key, type, prompt, explanation, tags,"
                    f" cite, spec, position, updated_at) VALUES ({qid}, 1, 'b.q{qid}', 'short',"
                    f" 'p{qid}', 'e', '[\"easy\"]', '[]', '{{\"answers\": [\"a\"]}}', 1,"
                    " '2026-03-01 09:00:00')"
                )
            run(
                "INSERT INTO review (id, token, user_id, question_id, response, score,"
                " correct, rating, shown_at, answered_at, due_after) VALUES"
                " (1, 't1', 1, 2, '\"a\"', 1, true, 3,"
                " '2026-03-01 09:00:00', '2026-03-01 09:00:00', '2026-03-02 09:00:00')"
            )
        upgrade()
        with db.engine.connect() as conn:
            versions = conn.exec_driver_sql(
                "SELECT question.id, question_version.number, question_version.content,"
                " question_version.source FROM question JOIN question_version"
                " ON question_version.id = question.version_id ORDER BY question.id"
            ).all()
            review_version = conn.exec_driver_sql(
                "SELECT review.version_id = question.version_id FROM review"
                " JOIN question ON question.id = review.question_id"
            ).scalar_one()
    assert [(v[0], v[1], v[3]) for v in versions] == [(1, 1, "initial"), (2, 1, "initial")]
    content = versions[1][2]
    content = json.loads(content) if isinstance(content, str) else content
    assert content["prompt"] == "p2" and content["spec"] == {"answers": ["a"]}
    assert review_version


def test_citations_by_file_name_become_source_ids_and_school_banks_require_them(
    app: Flask,
) -> None:
    _drop_everything(app)
    with app.app_context():
        upgrade(revision="a71c3e5b9d02")
        old = ["000_874f975c85c112d9.txt#5", "003_8b10673861f1d029.txt#13", "notes.txt#2"]
        with db.engine.begin() as conn:
            run = conn.exec_driver_sql
            run(
                "INSERT INTO bank (id, slug, title, description, position, source_path, updated_at,"
                " quiz_only) VALUES (1, 'b', 'B', '', 1, '', '2026-03-01 09:00:00', false)"
            )
            run(
                "INSERT INTO question (id, bank_id, key, type, prompt, explanation, tags, cite,"
                " spec, position, updated_at) VALUES (1, 1, 'b.q', 'short', 'p', 'e', '[]',"
                f" '{json.dumps(old)}', '{{}}', 1, '2026-03-01 09:00:00')"
            )
            run(
                "INSERT INTO question_version (id, question_id, number, content, source,"
                " source_detail, created_at) VALUES (1, 1, 1,"
                f" '{json.dumps({'prompt': 'p', 'cite': old})}', 'import', '',"
                " '2026-03-01 09:00:00')"
            )
        upgrade()

        def state() -> tuple[object, ...]:
            with db.engine.connect() as conn:
                cite, required = conn.exec_driver_sql(
                    "SELECT question.cite, bank.require_citations FROM question"
                    " JOIN bank ON bank.id = question.bank_id"
                ).one()
                content = conn.exec_driver_sql("SELECT content FROM question_version").scalar()
            load = lambda v: json.loads(v) if isinstance(v, str) else v  # noqa: E731
            return load(cite), load(content)["cite"], required

        new = ["nbc-lunar#5", "silkroad-moon#13", "notes.txt#2"]
        assert state() == (new, new, True)
        downgrade(revision="a71c3e5b9d02")
        with db.engine.connect() as conn:
            cite = conn.exec_driver_sql("SELECT cite FROM question").scalar()
        assert (json.loads(cite) if isinstance(cite, str) else cite) == old
        upgrade()
