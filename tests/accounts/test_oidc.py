"""quizapp's own checks around Authlib's, each alone (the browser tests send altered tokens)."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from joserfc.errors import InvalidHeaderValueError

from quizapp import create_app
from quizapp.accounts import oidc
from quizapp.config import TestConfig
from tests.accounts.test_sso import ISSUER, SCHOOL


def claims() -> dict[str, object]:
    """A valid ID token's claims, from now (not from when the tests were collected)."""
    now = int(time.time())
    return {"iss": ISSUER, "sub": "s-1", "aud": "quizapp", "exp": now + 60, "iat": now}


@pytest.mark.parametrize("alg", ["none", "HS256", None])
def test_an_id_token_not_signed_with_a_public_key_algorithm_is_refused(alg: str | None) -> None:
    token = oidc._SignedIDToken(claims(), {"alg": alg}, None, {"client_id": "quizapp"})
    with pytest.raises(InvalidHeaderValueError):
        token.validate()
    oidc._SignedIDToken(claims(), {"alg": "RS256"}, None, {"client_id": "quizapp"}).validate()


@pytest.fixture
def school_app() -> Flask:
    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://", OIDC_PROVIDERS=(SCHOOL,))


def test_a_discovery_document_naming_another_issuer_is_refused(
    school_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = school_app
    with app.test_request_context():
        client = app.extensions["authlib.integrations.flask_client"].create_client("school")
        client.server_metadata.update({"issuer": "http://127.0.0.1:9/other", "_loaded_at": 1.0})
        answer = claims()
        monkeypatch.setattr(client, "authorize_access_token", lambda **_: {"userinfo": answer})
        with pytest.raises(oidc.Refused, match="does not describe itself as the configured"):
            oidc.verified_claims(SCHOOL)
        client.server_metadata["issuer"] = ISSUER
        assert oidc.verified_claims(SCHOOL) == answer
