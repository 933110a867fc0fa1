"""Does fitting FSRS to a student's or a class's answers predict their later answers better?

Usage: .venv/bin/python bench/fitting.py [--classes 4] [--students 10] [--days 150] [--seed 7]
       .venv/bin/python bench/fitting.py --database-url postgresql://…/quizapp

With --database-url, the students are the school's own (their stored answers, and the class each
is in; a student in several classes counts in the first), and there are no true parameters.
Otherwise the school is synthetic (bench/population.py: students forget by FSRS with their own
parameters, perturbed from their class's, perturbed from the defaults). Each student's history
is split by time: the fits see the answers before the cutoff, and predict the answers after it.
Figures are log loss and RMSE (binned, fsrs-rs's `rmse_bins`) per student, averaged weighted
by the student's held-out answers, as the FSRS benchmark reports them. A fit goes through
quizapp's own checks (quizapp.core.fitting.fit: its own time split, refused unless it beats the
defaults there), so "chosen" is what quizapp would schedule with: a student's own fit if they
have at least the threshold of answers and it passed, else their class's, else the school's,
else the defaults.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from fsrs.scheduler import DEFAULT_PARAMETERS
from population import Student, school

from quizapp.core import fitting

THRESHOLDS = (0, 200, 500, 1000, 2000, 10**9)


def _split(student: Student, held_out: float) -> tuple[list[fitting.History], list[fitting.Item]]:
    times = [at for h in student.histories for at, _ in h]
    first, last = min(times), max(times)
    cutoff: datetime = last - (last - first) * held_out
    train = [[r for r in h if r[0] < cutoff] for h in student.histories]
    test = [i for h in student.histories for i in fitting.items(h) if i.at >= cutoff]
    return [h for h in train if h], test


def _mean(rows: Sequence[tuple[fitting.Evaluation, int]]) -> tuple[float, float]:
    total = sum(n for _, n in rows)
    return (
        sum(e.log_loss * n for e, n in rows) / total,
        sum(e.rmse * n for e, n in rows) / total,
    )


def stored(url: str) -> list[Student]:
    """The school's own students from its database, with their answers and class."""
    from sqlalchemy import func, select

    from quizapp import create_app
    from quizapp.classes.models import Membership
    from quizapp.config import ProductionConfig
    from quizapp.extensions import db
    from quizapp.scheduling.services import histories

    app = create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI=url, SECRET_KEY="bench")
    with app.app_context():
        by_user = histories()
        classes = dict(
            db.session.execute(
                select(Membership.user_id, func.min(Membership.classroom_id)).group_by(
                    Membership.user_id
                )
            ).all()
        )
    return [
        Student(str(user_id), f"class {classes.get(user_id, 'none')}", (), [list(h) for h in hs])
        for user_id, hs in sorted(by_user.items())
        if sum(len(h) for h in hs) > 1
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--classes", type=int, default=4)
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--days", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", help="a quizapp database: use its students' answers")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.database_url:
        population = stored(args.database_url)
    else:
        population = school(args.classes, args.students, days=args.days, seed=args.seed)
    split = {s.name: _split(s, fitting.HELD_OUT) for s in population}
    answers = sum(len(h) for s in population for h in s.histories)
    print(
        f"{len(population)} students, {answers} answers, ready in "
        f"{time.perf_counter() - started:.1f} s"
    )

    started = time.perf_counter()
    by_class: dict[str, list[fitting.History]] = defaultdict(list)
    for s in population:
        by_class[s.klass] += split[s.name][0]
    school_fit = fitting.fit([h for hs in by_class.values() for h in hs])
    class_fit = {k: fitting.fit(hs) for k, hs in by_class.items()}
    own_fit = {s.name: fitting.fit(split[s.name][0]) for s in population}
    print(
        f"fitted {len(own_fit)} students, {len(class_fit)} classes and the school in "
        f"{time.perf_counter() - started:.1f} s"
    )
    for name, f in [("school", school_fit), *sorted(class_fit.items())]:
        print(f"  {name}: {f.refused or 'accepted'} (inner held-out gain {f.gain:+.4f})")
    print(f"  students accepted: {sum(f.refused is None for f in own_fit.values())}/{len(own_fit)}")

    defaults = tuple(DEFAULT_PARAMETERS)
    rows: dict[str, list[tuple[fitting.Evaluation, int]]] = defaultdict(list)
    for s in population:
        train, test = split[s.name]
        n_train = sum(len(h) for h in train)
        candidates = {
            "defaults": defaults,
            "school pooled (always)": school_fit.parameters,
            "class pooled (always)": class_fit[s.klass].parameters,
            "per student (always)": own_fit[s.name].parameters,
        }
        if s.parameters:
            candidates["true parameters"] = s.parameters
        pooled = next(
            (f.parameters for f in (class_fit[s.klass], school_fit) if f.refused is None),
            defaults,
        )
        for threshold in THRESHOLDS:
            own = own_fit[s.name]
            use_own = own.refused is None and n_train >= threshold
            label = "never" if threshold == 10**9 else str(threshold)
            candidates[f"chosen, own from {label} answers"] = own.parameters if use_own else pooled
        for label, parameters in candidates.items():
            result = fitting.evaluate(parameters, test)
            if result is not None:
                rows[label].append((result, result.answers))
    base = _mean(rows["defaults"])
    print("\n| parameters | log loss | RMSE (bins) | log loss vs defaults |")
    print("|---|---|---|---|")
    for label, evaluations in rows.items():
        loss, rmse = _mean(evaluations)
        print(f"| {label} | {loss:.4f} | {rmse:.4f} | {100 * (loss - base[0]) / base[0]:+.1f}% |")


if __name__ == "__main__":
    main()
