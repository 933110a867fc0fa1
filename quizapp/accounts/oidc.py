"""OpenID Connect with the school's providers, through Authlib's Flask client: discovery, the
authorization code flow with PKCE, and an ID token checked claim by claim.

Authlib keeps each sign-in's state, nonce and PKCE verifier in the (signed) session cookie, so any
app server can take the provider's answer. What it checks of the ID token, and what quizapp adds:
- Authlib: the state (one use: it is removed from the session before the code is exchanged), the
  signature against the provider's published keys, exp/iat/nbf, the nonce, azp, at_hash.
- quizapp: the issuer and the audience against the configured ones (Authlib checks the issuer only
  against what discovery said, and the audience not at all), the signing algorithm (asymmetric
  only), the discovery document's issuer, and that an ID token came back at all.
"""

from __future__ import annotations

from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client.errors import MismatchingStateError
from authlib.integrations.flask_client import OAuth
from authlib.oidc.core import CodeIDToken
from flask import Flask, current_app, session
from joserfc.errors import InvalidHeaderValueError, JoseError
from werkzeug.wrappers import Response

from quizapp.core.signin import Provider

SCOPE = "openid email profile"
SIGNING_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
TIMEOUT = 10  # seconds for each call to a provider


class Refused(Exception):
    """The sign-in did not prove who the person is; the message says so to them."""


class _SignedIDToken(CodeIDToken):
    """An ID token whose signature used a public-key algorithm (never "none" nor a shared key)."""

    def validate(self, now: int | None = None, leeway: int = 0) -> None:
        if self.header.get("alg") not in SIGNING_ALGORITHMS:
            raise InvalidHeaderValueError("alg")
        super().validate(now, leeway)


def register(app: Flask) -> None:
    """One Authlib client per configured provider, on this app only."""
    oauth = OAuth(app)
    for provider in app.config["OIDC_PROVIDERS"]:
        oauth.register(
            provider.name,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.discovery_url,
            client_kwargs={
                "scope": SCOPE,
                "code_challenge_method": "S256",
                "default_timeout": TIMEOUT,
            },
        )


def providers() -> tuple[Provider, ...]:
    return tuple(current_app.config["OIDC_PROVIDERS"])


def find(name: str) -> Provider | None:
    return next((p for p in providers() if p.name == name), None)


def _client(provider: Provider) -> Any:
    return current_app.extensions["authlib.integrations.flask_client"].create_client(provider.name)


def redirect_to(provider: Provider, redirect_uri: str) -> Response:
    """Send the browser to the provider, with a new state, nonce and PKCE challenge. One sign-in
    per provider is under way at a time: the cookie would outgrow browsers' limits otherwise."""
    for key in [k for k in session if k.startswith(f"_state_{provider.name}_")]:
        session.pop(key)  # where Authlib keeps a sign-in's state
    try:
        response: Response = _client(provider).authorize_redirect(redirect_uri)
    except (requests.RequestException, ValueError) as error:
        raise Refused(f"{provider.label} cannot be reached just now. Try again later.") from error
    return response


def verified_claims(provider: Provider) -> dict[str, Any]:
    """The claims of the ID token the provider returns for this callback, once every check held."""
    client = _client(provider)
    options = {
        "iss": {"essential": True, "value": provider.issuer},
        "aud": {"essential": True, "value": provider.client_id},
        "sub": {"essential": True},
    }
    try:
        token = client.authorize_access_token(claims_options=options, claims_cls=_SignedIDToken)
    except MismatchingStateError:
        raise Refused(
            "That sign-in link was used already or has expired. Start again from the log-in page."
        ) from None
    except AuthlibBaseError as error:
        raise Refused(f"{provider.label} did not sign you in ({error.error}).") from None
    except (JoseError, ValueError) as error:
        reason = (getattr(error, "error", "") or "unreadable").replace("_", " ")
        if "claim" in reason and (claim := getattr(error, "claim", "")):
            reason = f"{reason} {claim}"  # "invalid claim aud"
        raise Refused(
            f"The answer from {provider.label} failed its checks ({reason}): you are not signed in."
        ) from None
    except requests.RequestException:
        raise Refused(f"{provider.label} cannot be reached just now. Try again later.") from None
    claims = token.get("userinfo")
    if not claims:
        raise Refused(f"{provider.label} sent no ID token: you are not signed in.")
    if client.load_server_metadata().get("issuer") != provider.issuer:
        raise Refused(f"{provider.label} does not describe itself as the configured issuer.")
    return dict(claims)
