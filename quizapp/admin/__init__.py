"""Admin: the users page (search, roles) and the school's switches, such as two-factor log-in for
staff. Uses the accounts part's services; owns no table."""
