"""Study: a student's bank list, the study loop (what comes next, answering, feedback, "I was
right"), the regrade notices, and which banks a student studies (`figures.VISIBLE`). Owns the card
and review tables."""
