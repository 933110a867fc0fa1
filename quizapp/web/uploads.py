"""Larger requests for the few forms that carry a file; every other form stays small."""

from __future__ import annotations

from flask import Flask, request

from quizapp.core import limits

# A source's file and its text (the preview sends both back), or a bank file to import.
UPLOAD_ENDPOINTS = {
    "sources.create_source": 3 * limits.SOURCE_UPLOAD_BYTES,
    "sources.save_source": 3 * limits.SOURCE_UPLOAD_BYTES,
    # A bank file, or its pasted text, or both (the page names what is wrong with each).
    "bankfiles.import_file": 2 * limits.IMPORT_FILE_BYTES + 2**20,
    # A picture and its alt text; a larger file is refused with the page's own message.
    "pictures.upload": 2 * limits.PICTURE_UPLOAD_BYTES,
}
# Forms that may carry a picture file: the request may be larger, its text fields may not.
FILE_ENDPOINTS = {
    "editor.create_question": 2 * limits.PICTURE_UPLOAD_BYTES,
    "editor.save_question": 2 * limits.PICTURE_UPLOAD_BYTES,
}


def _allow_upload() -> None:
    size = UPLOAD_ENDPOINTS.get(request.endpoint or "")
    if size is not None:
        request.max_content_length = size
        request.max_form_memory_size = size  # the text box holds the whole text
    file_size = FILE_ENDPOINTS.get(request.endpoint or "")
    if file_size is not None:
        request.max_content_length = file_size


def register(app: Flask) -> None:
    """Before anything reads the form (the CSRF check does), raise the limits where needed."""
    app.before_request_funcs.setdefault(None, []).insert(0, _allow_upload)
