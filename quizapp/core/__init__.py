"""The pure library the parts share: bank formats and checks, grading, FSRS scheduling and
fitting, item analysis, times, formulas, pictures, sources as paragraphs, the game's and
homework's rules. No Flask, no SQLAlchemy, nothing of the parts (tests/core/test_purity.py)."""
