"""The file formats schools use for question banks: GIFT, Aiken, CSV cards (in and out), Anki (out).

Every parser takes the file's text and returns `Parsed` (questions as bank-file tables, and every
problem with its line); nothing here reads files or touches the database.
"""
