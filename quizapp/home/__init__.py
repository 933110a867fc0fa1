"""Each user's home, the page `/` and log-in lead to: a teacher's classes, what is open now and
who needs attention; a student's homework and quizzes by due time, then their banks. Reads
classes (the roster's flags), homework, quizzes and study; owns no table."""
