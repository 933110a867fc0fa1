"""Question banks: the files in question_banks/ and their import (`flask banks`), the bank editor
in the browser with versions, history, regrade, uploads and exports in four formats. Owns the bank,
question, version and regrade tables."""
