"""Quizzes: teachers set them for a class; students take them (attempts, saved answers, results);
the gradebook and item analysis; practice quizzes from a bank, whose answers feed study. Owns the
quiz, quiz-question, attempt and attempt-item tables."""
