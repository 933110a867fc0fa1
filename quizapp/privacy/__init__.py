"""Each person's own data: "Download my data" (an archive of everything quizapp holds about them)
and "Delete my account" (what goes, what stays anonymous, and who takes over a teacher's classes).

`plan` declares, for every column that names a person, whether it is exported and what deletion
does with it; a test fails when a table naming a person is missing from it. Uses the accounts,
classes, quizzes and audit parts' models and services.
"""
