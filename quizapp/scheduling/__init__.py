"""Scheduling tuned to the school: FSRS parameters fitted to a student's, a class's or the whole
school's answers (outside requests: `flask scheduling fit`, or queued by an admin), and which fit
is in force for each student. Uses the study part's answers and the classes part's members."""
