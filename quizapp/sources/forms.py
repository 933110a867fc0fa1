"""The sources part's forms: a source's description and its text, pasted or uploaded."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from quizapp.core import limits
from quizapp.web.forms import Form

# The text of a source as typed or taken from a file (the reader refuses more, in plain words).
TEXT_CHARS = limits.SOURCE_UPLOAD_BYTES


class SourceForm(Form):
    title = StringField("Title", validators=[DataRequired(), Length(max=limits.SOURCE_TITLE)])
    author = StringField(
        "Author or outlet (optional)", validators=[Length(max=limits.SOURCE_AUTHOR)]
    )
    published = DateField("Date published (optional)", validators=[Optional()])
    url = StringField(
        "Link to the original (optional)",
        validators=[Optional(), URL(require_tld=False), Length(max=limits.SOURCE_URL)],
    )
    licence = StringField(
        "Licence or permission note (optional)", validators=[Length(max=limits.SOURCE_LICENCE)]
    )
    upload = FileField("Upload a file (.txt, .md, .html, .docx or .pdf)")
    text = TextAreaField(
        "Text: paragraphs separated by a blank line", validators=[Length(max=TEXT_CHARS)]
    )

    def validate_url(self, field: StringField) -> None:
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError("Give a web address starting with https:// or http://.")


class SearchForm(Form):
    class Meta:
        csrf = False

    q = StringField("Find in the paragraphs", validators=[Length(max=200)])
