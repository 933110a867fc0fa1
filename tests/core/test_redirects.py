import pytest

from quizapp.core.redirects import local_path


@pytest.mark.parametrize("target", ["/", "/banks/", "/study/agreement/?from=mail", "/a/b#c"])
def test_paths_on_this_site_are_kept(target: str) -> None:
    assert local_path(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "banks/",
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\u00a0/evil.example",  # no-break space
        "/\u200b/evil.example",  # zero-width space
        "/\u202e/evil.example",  # right-to-left override
        "https://evil.example",
        "javascript:alert(1)",
    ],
)
def test_anything_else_is_refused(target: str | None) -> None:
    assert local_path(target) is None
