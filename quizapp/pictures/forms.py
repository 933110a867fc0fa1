"""The picture upload form: a file and its alt text, both required."""

from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from quizapp.core import limits
from quizapp.web.forms import Form

# What the file picker offers; what is accepted is decided by the file's content.
EXTENSIONS = ["png", "jpg", "jpeg", "webp", "gif"]
NEEDS_ALT = "Say what the picture shows: students who cannot see it read this."


class PictureForm(Form):
    picture = FileField(
        "Picture (PNG, JPEG, WebP or GIF)",
        validators=[
            FileRequired("Choose a picture to upload."),
            FileAllowed(EXTENSIONS, "Upload a PNG, JPEG, WebP or GIF picture."),
        ],
    )
    alt = StringField(
        "Alt text: what the picture shows, for students who cannot see it",
        validators=[
            DataRequired(NEEDS_ALT),
            Length(max=limits.PICTURE_ALT),
        ],
    )
