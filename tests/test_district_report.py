"""The district report's table: each figure against the issue's goal, a missing part not met."""

from __future__ import annotations

from typing import Any

from bench.district_report import figures, schema_of, server_of, table

KEPT = "postgresql://postgres@db:5432/test?options=-csearch_path%3Dquizapp_district_1a2b3c4d"


def page(key: str, p95: float) -> dict[str, Any]:
    return {"key": key, "name": key, "p50_ms": p95 / 2, "p95_ms": p95, "max_ms": p95,
            "samples": 400, "statements": 3, "seq_scans": 0}  # fmt: skip


def pages(*rows: dict[str, Any], scans: int = 0) -> dict[str, Any]:
    return {
        "hello": {"p50_ms": 0.5, "p95_ms": 0.9},
        "pages": list(rows),
        "seq_scans": [{"page": "progress", "table": "review", "rows": 1e6}] * scans,
    }


def verdicts(part: str, found: dict[str, Any] | None) -> dict[str, bool | None]:
    return {row.name: row.met for row in figures(part, found, 1)}


def test_a_page_meets_100_ms_at_p95_and_a_regrade_2_s() -> None:
    found = verdicts(
        "pages",
        pages(page("study", 99), page("gradebook", 101), page("regrade", 1900),
              page("regrade-count", 2100)),
    )  # fmt: skip
    assert found == {
        "study p95": True,
        "gradebook p95": False,
        "regrade p95": True,
        "regrade-count p95": False,
        "seq scans of a big table": True,
        "hello-world GET /": None,  # shown, no goal
    }


def test_a_seq_scan_of_a_big_table_is_not_met() -> None:
    found = figures("pages", pages(page("progress", 5), scans=1), 0)
    scans = next(row for row in found if row.name == "seq scans of a big table")
    assert (scans.met, scans.measured) == (False, "1 (review)")


def bell(**changed: float) -> dict[str, Any]:
    row = {"database": "postgresql", "students": 300, "saves": 6000, "save_p50_ms": 20,
           "save_p99_ms": 150, "submits": 300, "submit_p50_ms": 30, "submit_p99_ms": 90,
           "requests": 12000, "errors": 0, "lost": 0, "doubled": 0, "submissions_missing": 0,
           "submissions_lost": 0, "seconds": 280, "server_cpu_seconds": 140,
           "server_cores": 0.5, "students_per_core": 600}  # fmt: skip
    return {"bell": [{**row, "database": "sqlite"}, {**row, **changed}]}


def test_the_bell_on_postgresql_needs_save_p99_under_200_ms_and_nothing_lost() -> None:
    goals = ["bell: quiz save p99", "bell: answers lost", "bell: attempts doubled",
             "bell: quizzes not submitted"]  # fmt: skip
    assert [verdicts("bell", bell())[g] for g in goals] == [True, True, True, True]
    assert verdicts("bell", bell(save_p99_ms=200))["bell: quiz save p99"] is False
    assert verdicts("bell", bell(submissions_lost=1))["bell: answers lost"] is False
    assert verdicts("bell", bell(doubled=1))["bell: attempts doubled"] is False
    assert verdicts("bell", bell(submissions_missing=2))["bell: quizzes not submitted"] is False
    per_core = next(r for r in figures("bell", bell(), 0) if r.name == "bell: students per core")
    assert per_core.met is None and per_core.measured.startswith("600 ")


def test_two_hosts_needs_every_check_passed_and_nothing_lost() -> None:
    found = {
        "checks": [
            {"name": "session", "passed": True, "numbers": ""},
            {"name": "quiz", "passed": False, "numbers": "1 attempt doubled"},
        ],
        "answer_cycle": [{"phase": "two hosts", "answers_per_s": 54.0, "requests_per_s": 165.0,
                          "p50_ms": 533, "p99_ms": 712, "client_cpu_percent": 12}],
        "lost": 0,
        "doubled": 1,
    }  # fmt: skip
    assert verdicts("two-hosts", found) == {
        "two hosts: session": True,
        "two hosts: quiz": False,
        "two hosts: answers lost": True,
        "two hosts: answers doubled": False,
        "two hosts: answer cycle, two hosts": None,
    }


def test_a_part_that_wrote_no_figures_is_not_met() -> None:
    assert verdicts("bell", None) == {"bell: finished": False}


def test_the_table_says_met_or_not_met_beside_each_goal() -> None:
    lines = table(figures("pages", pages(page("study", 12), page("home", 150)), 0)).splitlines()
    assert lines[1].split() == ["study", "p95", "<", "100", "ms", "12", "ms", "(400", "requests,",
                                "max", "12", "ms)", "met"]  # fmt: skip
    assert lines[2].endswith("NOT met")


def test_a_kept_districts_url_names_its_schema_and_the_server_without_it() -> None:
    assert schema_of(KEPT) == "quizapp_district_1a2b3c4d"
    assert server_of(KEPT) == "postgresql://postgres@db:5432/test"
    assert schema_of(server_of(KEPT)) is None
