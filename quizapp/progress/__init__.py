"""Progress: a student's progress pages (across banks, per bank, one question's history), shown to
the student and, read-only, to their teachers. Reads the study part's cards and reviews."""
