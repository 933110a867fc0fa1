"""The teacher every pictures test starts from."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import signed_in
from tests.pictures.common import TEACHER


@pytest.fixture
def teacher(app: Flask) -> FlaskClient:
    return signed_in(app, TEACHER, "teacher")
