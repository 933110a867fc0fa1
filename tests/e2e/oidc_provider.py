"""The OpenID provider the school sign-in tests start (tests/oidc/provider.mjs: oidc-provider),
and a proxy in front of its token endpoint that hands quizapp altered ID tokens."""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from tests.conftest import REPO

OIDC_DIR = REPO / "tests" / "oidc"
KID = "school-test-key"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def signing_key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": KID, "use": "sig", "alg": "RS256"})


@contextmanager
def running_provider(
    tmp_path: Path, port: int, clients: list[dict[str, Any]], accounts: dict[str, Any], key: RSAKey
) -> Iterator[str]:
    """Start the provider on `port`; yields its issuer once discovery answers."""
    node = shutil.which("node")
    if node is None or not (OIDC_DIR / "node_modules" / "oidc-provider").exists():
        if os.environ.get("CI"):
            pytest.fail("the test OpenID provider is not installed: run `make oidc-provider`")
        pytest.skip("the test OpenID provider is not installed: `make oidc-provider` installs it")
    config = tmp_path / "provider.json"
    config.write_text(
        json.dumps(
            {
                "clients": clients,
                "accounts": accounts,
                "jwks": {"keys": [key.as_dict(private=True)]},
            }
        )
    )
    log = (tmp_path / "provider.log").open("w")
    process = subprocess.Popen(
        [node, str(OIDC_DIR / "provider.mjs"), str(port), str(config)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(
                    f"{issuer}/.well-known/openid-configuration", timeout=1
                ):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp_path / "provider.log").read_text()) from None
                time.sleep(0.1)
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _claims(id_token: str) -> dict[str, Any]:
    payload = id_token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


def _resigned(key: RSAKey, **changes: Any) -> Callable[[str], str]:
    """Signed again with the provider's own key, with some claims changed."""

    def alter(id_token: str) -> str:
        claims = {**_claims(id_token), **changes}
        return jwt.encode({"alg": "RS256", "kid": KID}, claims, key)

    return alter


def _flipped_signature(id_token: str) -> str:
    head, body, signature = id_token.split(".")
    middle = len(signature) // 2
    swapped = "B" if signature[middle] != "B" else "C"
    return f"{head}.{body}.{signature[:middle]}{swapped}{signature[middle + 1 :]}"


def _swapped_claim(id_token: str) -> str:
    """Another person's sub and email in the payload, the signature left as it was."""
    head, _, signature = id_token.split(".")
    claims = {**_claims(id_token), "sub": "s-jsmith", "email": "jsmith@school.example"}
    return f"{head}.{_b64(json.dumps(claims).encode())}.{signature}"


def _unsigned(id_token: str) -> str:
    head = _b64(json.dumps({"alg": "none", "kid": KID}).encode())
    return f"{head}.{id_token.split('.')[1]}."


def tampering(key: RSAKey) -> dict[str, tuple[Callable[[str], str] | None, str]]:
    """What the proxy does to the ID token (None takes it out), and what quizapp should say."""
    other_key = RSAKey.generate_key(2048, parameters={"kid": KID})
    now = int(time.time())
    return {
        "a flipped signature byte": (_flipped_signature, "bad signature"),
        "another person's sub and email, signature kept": (_swapped_claim, "bad signature"),
        "alg none, no signature": (_unsigned, "unsupported algorithm"),
        "signed by another key with the provider's key id": (
            lambda t: jwt.encode({"alg": "RS256", "kid": KID}, _claims(t), other_key),
            "bad signature",
        ),
        "issued for another client": (_resigned(key, aud="other-app"), "invalid claim aud"),
        "another client's audience, quizapp as azp": (
            _resigned(key, aud=["other-app"], azp="quizapp"),
            "invalid claim aud",
        ),
        "another issuer": (
            _resigned(key, iss="http://127.0.0.1:9/not-the-school"),
            "invalid claim iss",
        ),
        "expired an hour ago": (_resigned(key, exp=now - 3600, iat=now - 7200), "expired token"),
        "another sign-in's nonce": (
            _resigned(key, nonce="from-another-sign-in"),
            "invalid claim nonce",
        ),
        "no ID token at all": (None, "sent no ID token"),
    }


class TokenProxy:
    """Forwards quizapp's token requests to the provider and alters the ID token coming back."""

    def __init__(self, token_endpoint: str) -> None:
        self.alter: Callable[[str], str] | None = None
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {
                    k: self.headers[k]
                    for k in ("Authorization", "Content-Type", "Accept")
                    if self.headers[k]
                }
                request = urllib.request.Request(token_endpoint, body, headers, method="POST")
                try:
                    with urllib.request.urlopen(request, timeout=5) as answer:
                        status, token = answer.status, json.loads(answer.read())
                except urllib.error.HTTPError as refused:
                    status, token = refused.code, json.loads(refused.read())
                if "id_token" in token:
                    if proxy.alter is None:
                        del token["id_token"]
                    else:
                        token["id_token"] = proxy.alter(token["id_token"])
                data = json.dumps(token).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/token"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
