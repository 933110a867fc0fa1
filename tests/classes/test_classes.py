"""Classes: creating, joining with a code, closing and rotating it, co-teachers, leaving."""

from __future__ import annotations

import pytest

from quizapp.accounts import services as accounts
from quizapp.classes import services as classes
from quizapp.core import joincode
from quizapp.errors import NotFound
from tests.conftest import Clock

pytestmark = pytest.mark.usefixtures("sample_banks")
PASSWORD = "a long password"


@pytest.fixture
def teacher(ctx: None) -> int:
    return accounts.register("ms_lee", PASSWORD, "UTC", role="teacher").id


@pytest.fixture
def student(ctx: None) -> int:
    return accounts.register("sam", PASSWORD, "UTC").id


def test_a_new_class_has_a_readable_code_and_every_bank(teacher: int, clock: Clock) -> None:
    class_id = classes.create_class(teacher, "Year 9 Physics", "", clock.now)
    found = classes.class_detail(teacher, class_id)
    assert len(found.join_code) == 8 and set(found.join_code) <= set(
        "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    )
    assert not set(found.join_code) & set("0O1Il")
    assert [(b.slug, b.assigned) for b in found.banks] == [("sample", True)]
    assert found.is_owner and found.teachers == ["ms_lee"] and found.joining_open


def test_a_student_joins_with_the_code_however_typed(
    teacher: int, student: int, clock: Clock
) -> None:
    class_id = classes.create_class(teacher, "Year 9", "", clock.now)
    code = classes.class_detail(teacher, class_id).join_code
    typed = f" {code[:4].lower()}-{code[4:]} "
    assert classes.join(student, typed, clock.now) == "Year 9"
    assert classes.join(student, code, clock.now) == "Year 9"  # twice: still one membership
    assert [s.username for s in classes.class_detail(teacher, class_id).students] == ["sam"]
    assert [(c.name, c.banks) for c in classes.student_classes(student)] == [
        ("Year 9", ["Sample bank"])
    ]


def test_wrong_closed_and_rotated_codes_are_refused_with_a_reason(
    teacher: int, student: int, clock: Clock
) -> None:
    class_id = classes.create_class(teacher, "Year 9", "", clock.now)
    old = classes.class_detail(teacher, class_id).join_code
    with pytest.raises(classes.ClassRefused, match="8 letters and digits"):
        classes.join(student, "ABC", clock.now)
    with pytest.raises(classes.ClassRefused, match="No class has that code"):
        classes.join(student, "ZZZZ2222" if old != "ZZZZ2222" else "YYYY2222", clock.now)
    classes.set_joining(teacher, class_id, False)
    with pytest.raises(classes.ClassRefused, match="not taking new students"):
        classes.join(student, old, clock.now)
    classes.set_joining(teacher, class_id, True)
    classes.rotate_code(teacher, class_id)
    new = classes.class_detail(teacher, class_id).join_code
    assert new != old and joincode.normalise(new) == new
    with pytest.raises(classes.ClassRefused, match="No class has that code"):
        classes.join(student, old, clock.now)
    assert classes.join(student, new, clock.now) == "Year 9"


def test_another_teachers_class_is_not_found(teacher: int, clock: Clock) -> None:
    class_id = classes.create_class(teacher, "Year 9", "", clock.now)
    other = accounts.register("mr_ode", PASSWORD, "UTC", role="teacher").id
    for action in (
        lambda: classes.class_detail(other, class_id),
        lambda: classes.rotate_code(other, class_id),
        lambda: classes.set_banks(other, class_id, []),
        lambda: classes.class_detail(teacher, class_id + 100),
    ):
        with pytest.raises(NotFound):
            action()


def test_the_owner_adds_a_co_teacher_who_may_not_add_others(teacher: int, clock: Clock) -> None:
    class_id = classes.create_class(teacher, "Year 9", "", clock.now)
    co = accounts.register("mr_ode", PASSWORD, "UTC", role="teacher").id
    accounts.register("pupil", PASSWORD, "UTC")
    with pytest.raises(classes.ClassRefused, match="no teacher called 'pupil'"):
        classes.add_co_teacher(teacher, class_id, "pupil")
    assert classes.add_co_teacher(teacher, class_id, "MR_ODE") == "mr_ode"
    assert classes.class_detail(co, class_id).teachers == ["ms_lee", "mr_ode"]
    with pytest.raises(classes.ClassRefused, match="Only the teacher who created"):
        classes.add_co_teacher(co, class_id, "ms_lee")


def test_leaving_or_removal_keeps_the_students_history(
    teacher: int, student: int, clock: Clock
) -> None:
    class_id = classes.create_class(teacher, "Year 9", "", clock.now)
    code = classes.class_detail(teacher, class_id).join_code
    classes.join(student, code, clock.now)
    classes.remove_student(teacher, class_id, student)
    assert classes.student_classes(student) == []
    with pytest.raises(NotFound):
        classes.remove_student(teacher, class_id, student)
    classes.join(student, code, clock.now)
    classes.leave(student, class_id)
    assert classes.class_detail(teacher, class_id).students == []


def test_banks_can_be_unassigned(teacher: int, clock: Clock) -> None:
    class_id = classes.create_class(teacher, "Year 9", "", clock.now)
    classes.set_banks(teacher, class_id, [])
    assert [b.assigned for b in classes.class_detail(teacher, class_id).banks] == [False]
    classes.set_banks(teacher, class_id, ["sample", "no-such-bank"])
    assert [b.assigned for b in classes.class_detail(teacher, class_id).banks] == [True]
