"""Live class games: a teacher projects a class's questions one at a time, students answer on their
phones, the room sees the results. The game's state lives in its tables, so every app host sees it;
each answer is also a study answer that feeds the student's schedule. Where the teacher allows
it, guests without an account join with a nickname (guests.py): their answers score, but make no
study answer. Owns the game tables; reads classes and banks, and records answers through study."""
