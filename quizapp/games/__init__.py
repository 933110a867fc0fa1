"""Live class games: a teacher projects a class's questions one at a time, students answer on their
phones, the room sees the results. The game's state lives in its tables, so every app host sees it;
each answer is also a study answer that feeds the student's schedule. Owns the game tables; reads
classes and banks, and records answers through study."""
