"""HTTP-level protection: security headers on every response, and trusting a known proxy."""

from __future__ import annotations

from flask import Flask, Response, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

from quizapp.audit.services import client_address

# The pages have no inline script or style and load nothing from elsewhere, so this can be strict.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
    "object-src 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"
# Responses that say themselves how long they may be kept: static files, and a picture (whose
# address changes with its content) once its reader has been let in.
_OWN_CACHING = frozenset({"static", "pictures.picture"})


def add_security_headers(app: Flask) -> None:
    """Send the headers on every response, error pages and static files included; no page but
    a static file may be kept in a cache."""
    headers = dict(HEADERS)
    if app.config.get("PRODUCTION"):
        headers["Strict-Transport-Security"] = HSTS

    @app.after_request
    def _secure(response: Response) -> Response:
        response.headers.update(headers)
        if request.endpoint not in _OWN_CACHING or response.status_code not in {200, 304}:
            # A shared school computer's cache must not show a private page after log-out. Every
            # page but a static file says so: telling a signed-in user apart would load the user.
            response.headers["Cache-Control"] = "no-store"
        return response


def trust_proxies(app: Flask) -> None:
    """Behind PROXY_HOPS proxies, take the client's address and scheme from X-Forwarded-*.

    With the default of 0 the headers are ignored: anyone could send them.
    """
    hops = int(app.config.get("PROXY_HOPS", 0))
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    @app.before_request
    def _note_client_address() -> None:
        """The address the audit log records for whatever this request does, until its end:
        work done afterwards in the same thread is not this client's."""
        g.client_address_token = client_address.set(request.remote_addr or "unknown")

    @app.teardown_request
    def _forget_client_address(exc: BaseException | None) -> None:
        token = g.pop("client_address_token", None)
        if token is not None:
            client_address.reset(token)
