"""School sign-in (OpenID Connect): the providers a school configures, and what quizapp makes of
the claims in a verified ID token: whether the school allows the person, their username, their role.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from quizapp.core import limits

NAME = re.compile(r"^[a-z][a-z0-9]{0,19}$")
# Issuers anyone can sign up with: without a domain allowlist, any of their accounts would get in.
SHARED_ISSUERS = (
    "https://accounts.google.com",
    "https://login.microsoftonline.com/common/v2.0",
    "https://login.microsoftonline.com/organizations/v2.0",
    "https://login.microsoftonline.com/consumers/v2.0",
)
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ProviderSettingError(ValueError):
    """The environment describes a provider quizapp cannot use safely."""


@dataclass(frozen=True)
class Provider:
    """One school sign-in provider, as the environment configures it."""

    name: str  # in the URLs: /sso/<name>/start
    label: str  # "Sign in with <label>"
    issuer: str
    client_id: str
    client_secret: str
    domains: tuple[str, ...] = ()  # the school's email domains; empty: all the issuer vouches for
    domain_claim: str = ""  # a claim naming the account's domain (Google's "hd"), checked too
    teacher_claim: str = ""  # a claim (or group list) that makes a first sign-in a teacher
    teacher_values: tuple[str, ...] = ()

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def _words(value: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in value.split(",") if w.strip())


def providers_from_env(env: Mapping[str, str]) -> tuple[Provider, ...]:
    """The providers OIDC_PROVIDERS names, each from its OIDC_<NAME>_* settings."""
    providers = []
    for name in _words(env.get("OIDC_PROVIDERS", "")):
        if not NAME.match(name):
            raise ProviderSettingError(f"OIDC_PROVIDERS: {name!r} is not a short lower-case name.")
        prefix = f"OIDC_{name.upper()}_"
        missing = [k for k in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET") if not env.get(prefix + k)]
        if missing:
            raise ProviderSettingError(f"Set {', '.join(prefix + k for k in missing)}.")
        providers.append(
            checked(
                Provider(
                    name=name,
                    label=env.get(prefix + "LABEL") or name.capitalize(),
                    issuer=env[prefix + "ISSUER"],
                    client_id=env[prefix + "CLIENT_ID"],
                    client_secret=env[prefix + "CLIENT_SECRET"],
                    domains=tuple(d.lower() for d in _words(env.get(prefix + "DOMAINS", ""))),
                    domain_claim=env.get(prefix + "DOMAIN_CLAIM", ""),
                    teacher_claim=env.get(prefix + "TEACHER_CLAIM", ""),
                    teacher_values=_words(env.get(prefix + "TEACHER_VALUES", "")),
                )
            )
        )
    return tuple(providers)


def checked(provider: Provider) -> Provider:
    """The provider, if its settings are safe: https (plain http only on this machine), and a
    domain allowlist wherever the issuer signs in the whole world."""
    url = urlsplit(provider.issuer)
    if url.scheme != "https" and not (url.scheme == "http" and url.hostname in LOOPBACK):
        raise ProviderSettingError(f"{provider.name}: the issuer must be an https address.")
    if provider.issuer.rstrip("/") in SHARED_ISSUERS and not provider.domains:
        raise ProviderSettingError(
            f"{provider.name}: anyone can have an account at {provider.issuer}; "
            f"set OIDC_{provider.name.upper()}_DOMAINS to the school's domains."
        )
    if bool(provider.teacher_claim) != bool(provider.teacher_values):
        raise ProviderSettingError(
            f"{provider.name}: set both TEACHER_CLAIM and TEACHER_VALUES, or neither."
        )
    return provider


def _verified_email(claims: Mapping[str, Any]) -> str | None:
    email = claims.get("email")
    if isinstance(email, str) and "@" in email and claims.get("email_verified") is True:
        return email.lower()
    return None


def school_allows(provider: Provider, claims: Mapping[str, Any]) -> bool:
    """Whether the account belongs to one of the school's domains: its verified email's domain,
    and the provider's domain claim too where one is configured."""
    if not provider.domains:
        return True
    email = _verified_email(claims)
    if email is None or email.rpartition("@")[2] not in provider.domains:
        return False
    if provider.domain_claim:
        value = claims.get(provider.domain_claim)
        return isinstance(value, str) and value.lower() in provider.domains
    return True


def role_for(provider: Provider, claims: Mapping[str, Any]) -> str:
    """ "teacher" when the configured claim holds one of the configured values, else "student".
    No claim ever makes an admin."""
    if not provider.teacher_claim:
        return "student"
    value = claims.get(provider.teacher_claim)
    values = value if isinstance(value, list) else [value]
    given = {str(v) for v in values if isinstance(v, str | int)}
    return "teacher" if given & set(provider.teacher_values) else "student"


_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9_.-]+")


def _cleaned(text: str) -> str:
    return _NOT_ALLOWED.sub("", text).strip(".-_")[: limits.USERNAME - 4]


def usernames_claimed(claims: Mapping[str, Any]) -> list[str]:
    """The local usernames the claims could be taken to name: the email and its local part,
    the preferred username and its local part (none of them ever signs into that account)."""
    names: list[str] = []
    for key in ("email", "preferred_username"):
        value = claims.get(key)
        if isinstance(value, str) and value:
            names.append(value)
            if "@" in value:
                names.append(value.rpartition("@")[0])
    return list(dict.fromkeys(n for n in names if n))


def username_base(claims: Mapping[str, Any]) -> str:
    """A username for a new account: the preferred username's or email's local part, or the name,
    in the characters usernames allow."""
    for key in ("preferred_username", "email", "name"):
        value = claims.get(key)
        if isinstance(value, str) and (base := _cleaned(value.partition("@")[0])):
            return base
    return "student"


def unique_username(base: str, taken: Callable[[str], bool]) -> str:
    """`base`, or `base2`, `base3`… whichever is free first."""
    if not taken(base):
        return base
    for number in range(2, 10_000):
        candidate = f"{base}{number}"
        if not taken(candidate):
            return candidate
    raise RuntimeError("no free username")  # ten thousand people with one name: not a school
