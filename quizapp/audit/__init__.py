"""The audit log: who among the staff did what to whom, when and from which address (role changes,
password resets, manual scores, regrades, deletions, bank permissions). Rows are only ever added:
the app has no way to edit them, and the database refuses updates and deletes. Admins read and
filter them on the audit log page, or take them away as CSV."""
