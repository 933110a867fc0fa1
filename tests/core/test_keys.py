import re

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core import limits
from quizapp.core.keys import make_key

KEY = re.compile(r"^[a-z0-9][a-z0-9.-]*$")


def test_key_is_the_prefix_and_the_prompts_significant_words() -> None:
    prompt = "Who signed the lunar station memorandum on behalf of Roscosmos, the Russian agency?"
    assert (
        make_key("agreement", prompt, set()) == "agreement.signed-lunar-station-memorandum-behalf"
    )


def test_slug_stops_at_forty_characters_on_a_word_boundary() -> None:
    key = make_key("b", "Roscosmos Rogozin memorandum signature agreement cooperation program", [])
    slug = key.removeprefix("b.")
    assert slug == "roscosmos-rogozin-memorandum-signature"
    assert len(slug) <= 40


def test_accents_are_folded_and_other_scripts_dropped() -> None:
    assert make_key("b", "Ça coûte combien à Zürich — Москва?", []) == "b.ca-coute-combien-zurich"


def test_dashes_and_punctuation_separate_words() -> None:
    assert make_key("b", "Russia\u2013China: the lunar/orbital station", []) == (
        "b.russia-china-lunar-orbital-station"
    )


def test_cloze_answers_and_markdown_do_not_reach_the_key() -> None:
    prompt = (
        "The *photo* `caption` dates the [signing](https://example.org/x) to {{March|Mar}} {{9}}."
    )
    assert make_key("b", prompt, []) == "b.photo-caption-dates-signing"


def test_a_prompt_of_stop_words_only_keeps_them() -> None:
    assert make_key("b", "What is it?", []) == "b.what-is-it"


def test_a_prompt_without_words_falls_back_to_question() -> None:
    assert make_key("b", "??? — {{x}}", []) == "b.question"
    assert make_key("b", "", []) == "b.question"


def test_taken_keys_get_a_number() -> None:
    taken = {"b.roscosmos", "b.roscosmos-2"}
    assert make_key("b", "Roscosmos?", taken) == "b.roscosmos-3"
    assert make_key("b", "Roscosmos?", {"b.roscosmos-2"}) == "b.roscosmos"


def test_an_overlong_first_word_is_cut() -> None:
    assert make_key("b", "x" * 60, []) == "b." + "x" * 40


def test_a_long_prefix_still_gives_a_key_within_the_limit() -> None:
    prefix = "p" * limits.BANK_SLUG
    taken = {make_key(prefix, "word " * 30, [])}
    key = make_key(prefix, "word " * 30, taken)
    assert key.endswith("-2")
    assert len(key) <= limits.QUESTION_KEY
    assert key not in taken


@settings(max_examples=100, deadline=None)
@given(
    prefix=st.text(max_size=100),
    prompt=st.text(max_size=300),
    taken=st.sets(st.text(alphabet="ab-.2", max_size=6), max_size=5),
)
def test_every_key_is_valid_short_and_free(prefix: str, prompt: str, taken: set[str]) -> None:
    key = make_key(prefix, prompt, taken)
    assert KEY.match(key)
    assert len(key) <= limits.QUESTION_KEY
    assert key not in taken
