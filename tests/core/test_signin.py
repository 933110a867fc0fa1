"""School sign-in's pure parts: the providers from the environment, the domain allowlist, the role a
claim gives, and the username a first sign-in gets."""

from __future__ import annotations

import pytest

from quizapp.core.signin import (
    Provider,
    ProviderSettingError,
    providers_from_env,
    role_for,
    school_allows,
    unique_username,
    username_base,
    usernames_claimed,
)

GOOGLE = {
    "OIDC_PROVIDERS": "google, entra",
    "OIDC_GOOGLE_ISSUER": "https://accounts.google.com",
    "OIDC_GOOGLE_CLIENT_ID": "123.apps.googleusercontent.com",
    "OIDC_GOOGLE_CLIENT_SECRET": "s3cret",
    "OIDC_GOOGLE_LABEL": "Google",
    "OIDC_GOOGLE_DOMAINS": "School.example, pupils.school.example",
    "OIDC_GOOGLE_DOMAIN_CLAIM": "hd",
    "OIDC_ENTRA_ISSUER": "https://login.microsoftonline.com/0000-tenant/v2.0",
    "OIDC_ENTRA_CLIENT_ID": "app-id",
    "OIDC_ENTRA_CLIENT_SECRET": "other",
    "OIDC_ENTRA_TEACHER_CLAIM": "roles",
    "OIDC_ENTRA_TEACHER_VALUES": "Teacher,Staff",
}


def school(**changes: object) -> Provider:
    base = Provider("school", "School", "https://id.school.example", "quizapp", "secret")
    return Provider(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def test_providers_are_read_from_the_environment() -> None:
    google, entra = providers_from_env(GOOGLE)
    assert google.label == "Google" and google.domains == (
        "school.example",
        "pupils.school.example",
    )
    assert google.domain_claim == "hd"
    assert google.discovery_url == "https://accounts.google.com/.well-known/openid-configuration"
    assert entra.label == "Entra" and entra.domains == ()
    assert entra.teacher_claim == "roles" and entra.teacher_values == ("Teacher", "Staff")
    assert providers_from_env({}) == ()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"OIDC_ENTRA_CLIENT_SECRET": ""}, "Set OIDC_ENTRA_CLIENT_SECRET"),
        ({"OIDC_PROVIDERS": "Google!"}, "not a short lower-case name"),
        ({"OIDC_ENTRA_ISSUER": "http://login.example/v2.0"}, "must be an https address"),
        ({"OIDC_GOOGLE_DOMAINS": ""}, "set OIDC_GOOGLE_DOMAINS"),
        ({"OIDC_ENTRA_TEACHER_VALUES": ""}, "set both TEACHER_CLAIM and TEACHER_VALUES"),
    ],
)
def test_unsafe_settings_stop_the_app_with_what_to_fix(
    changes: dict[str, str], message: str
) -> None:
    with pytest.raises(ProviderSettingError, match=message):
        providers_from_env({**GOOGLE, **changes})


def test_plain_http_is_allowed_only_for_a_provider_on_this_machine() -> None:
    env = {**GOOGLE, "OIDC_PROVIDERS": "entra", "OIDC_ENTRA_ISSUER": "http://127.0.0.1:8123"}
    assert providers_from_env(env)[0].issuer == "http://127.0.0.1:8123"


def test_only_a_verified_email_in_the_schools_domains_gets_in() -> None:
    allowlist = school(domains=("school.example",))
    assert school_allows(allowlist, {"email": "Ada@School.example", "email_verified": True})
    assert not school_allows(allowlist, {"email": "ada@school.example", "email_verified": False})
    assert not school_allows(allowlist, {"email": "ada@school.example", "email_verified": "true"})
    assert not school_allows(allowlist, {"email": "ada@school.example"})
    assert not school_allows(allowlist, {"email": "eve@elsewhere.example", "email_verified": True})
    assert not school_allows(
        allowlist, {"email": "eve@school.example.evil", "email_verified": True}
    )
    assert not school_allows(allowlist, {"sub": "1"})
    assert school_allows(school(), {"sub": "1"})  # no allowlist: the issuer (a tenant) decides


def test_a_configured_domain_claim_must_agree_too() -> None:
    google = school(domains=("school.example",), domain_claim="hd")
    verified = {"email": "ada@school.example", "email_verified": True}
    assert school_allows(google, {**verified, "hd": "school.example"})
    assert not school_allows(google, verified)  # a personal account has no hd
    assert not school_allows(google, {**verified, "hd": "elsewhere.example"})


def test_a_teacher_claim_makes_a_teacher_only_where_configured_and_never_an_admin() -> None:
    mapped = school(teacher_claim="groups", teacher_values=("staff",))
    assert role_for(mapped, {"groups": ["students", "staff"]}) == "teacher"
    assert role_for(mapped, {"groups": "staff"}) == "teacher"
    assert role_for(mapped, {"groups": ["students"]}) == "student"
    assert role_for(mapped, {"groups": ["admin", "Staff"]}) == "student"
    assert role_for(mapped, {}) == "student"
    assert role_for(school(), {"groups": ["staff"]}) == "student"


def test_a_username_comes_from_the_preferred_name_or_email_in_allowed_characters() -> None:
    assert username_base({"preferred_username": "ada.l@school.example"}) == "ada.l"
    assert username_base({"email": "o'brien+x@school.example"}) == "obrienx"
    assert username_base({"name": "Zoë Ngata"}) == "ZoNgata"
    assert username_base({"email": "!!!@school.example"}) == "student"
    assert len(username_base({"email": "a" * 300 + "@school.example"})) <= 36


def test_usernames_claimed_list_the_email_and_its_local_part() -> None:
    claims = {"email": "jsmith@school.example", "preferred_username": "J.Smith"}
    assert usernames_claimed(claims) == ["jsmith@school.example", "jsmith", "J.Smith"]


def test_a_taken_username_gets_the_first_free_number() -> None:
    taken = {"ada", "ada2"}
    assert unique_username("ada", taken.__contains__) == "ada3"
    assert unique_username("grace", taken.__contains__) == "grace"
