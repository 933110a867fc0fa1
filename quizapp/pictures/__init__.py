"""Pictures: images a bank's questions show, uploaded by its editors, kept in the database so that
every app host serves them, and served only to whoever may see a question of the bank.
Uses the banks part's models and editor rule, and the study, classes and quizzes parts' tables to
tell who may see a bank's questions; owns the picture table."""
