import pytest

from quizapp.core.passwords import weakness


@pytest.mark.parametrize("password", ["1234567890", "password123", "qwertyuiop", "aaaaaaaaaaaa"])
def test_common_passwords_are_refused_with_a_reason(password: str) -> None:
    message = weakness(password)
    assert message is not None and message.startswith("This password is too easy to guess.")
    assert len(message) > len("This password is too easy to guess.") + 10


def test_the_username_inside_the_password_counts_against_it() -> None:
    assert weakness("zebulonwick77") is None
    assert weakness("zebulonwick77", ["zebulonwick"]) is not None


@pytest.mark.parametrize(
    "password", ["correct horse battery", "an even better passphrase", "x7$Lq!9vZr#2" * 10]
)
def test_passphrases_and_long_random_passwords_pass(password: str) -> None:
    assert weakness(password) is None
