"""Classes: teachers create them and assign banks; students join with a code; the roster, its CSV
and the class's view of each question. Owns the class, teacher, membership and class-bank tables."""
