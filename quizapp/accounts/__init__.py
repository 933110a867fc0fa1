"""Accounts: sign-up, log-in with two-factor codes, sessions, each person's settings, and the
`flask users` commands. Owns the user, recovery-code and school-setting tables."""
