"""Pure domain code: bank files, grading and scheduling. No Flask, no SQLAlchemy."""
