"""Homework measured by memory: a teacher sets a class a bank (or some of its topics) with a goal
and a due date; students see their progress as they study, teachers each student's standing and
the class's weakest questions. Owns the homework table; reads classes, banks and study's cards."""
