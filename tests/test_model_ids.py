"""Postmortem and action item ids (postmortem.model.ids)."""

from __future__ import annotations

from datetime import date

import pytest

from postmortem.model.ids import CROCKFORD, is_valid_action_id, is_valid_id, new_id

DAY = date(2026, 11, 26)


def test_new_id_format() -> None:
    value = new_id("PM", DAY)
    prefix, day, tail = value.split("-")
    assert (prefix, day) == ("PM", "20261126")
    assert len(tail) == 4
    assert set(tail) <= set(CROCKFORD)
    assert is_valid_id(value)


def test_new_id_with_given_random_part() -> None:
    assert new_id("INC", date(2026, 1, 5), random_part="7KQ3") == "INC-20260105-7KQ3"


def test_crockford_alphabet_leaves_out_confusable_letters() -> None:
    assert len(CROCKFORD) == len(set(CROCKFORD)) == 32
    assert not set("ILOU") & set(CROCKFORD)


def test_ids_for_the_same_prefix_and_day_rarely_collide() -> None:
    count = 2000
    ids = [new_id("PM", DAY) for _ in range(count)]
    # Birthday bound: count*(count-1)/2 pairs, each equal with chance 1/32**4, so about 1.9
    # colliding pairs are expected; 8 times that (15) is exceeded with chance below 1e-8.
    expected_pairs = count * (count - 1) / 2 / 32**4
    assert count - len(set(ids)) <= 8 * expected_pairs
    assert all(is_valid_id(value) for value in ids)


def test_every_character_of_the_random_part_is_used() -> None:
    tails = [new_id("PM", DAY)[-4:] for _ in range(2000)]
    for position in range(4):
        # 2000 draws from 32 characters: each one shows up (missing one has chance ~1e-26).
        assert {tail[position] for tail in tails} == set(CROCKFORD)


@pytest.mark.parametrize(
    "value",
    ["PM-20261126-7KQ3", "INC-20240229-0000", "A-19991231-ZZZZ", "ABCDEFGHIJ-20261126-7KQ3"],
)
def test_valid_ids(value: str) -> None:
    assert is_valid_id(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "pm-20261126-7KQ3",  # lower-case prefix
        "1PM-20261126-7KQ3",  # prefix starts with a digit
        "ABCDEFGHIJK-20261126-7KQ3",  # prefix longer than 10
        "PM-2026112-7KQ3",  # seven-digit date
        "PM-20261126-7KQ",  # three characters
        "PM-20261126-7KQ3X",  # five characters
        "PM-20261126-7KQI",  # I is not Crockford
        "PM-20261126-7KQU",  # nor U
        "PM-20261126-7kq3",  # lower case
        "PM-20261126-7KQ3\n",  # trailing newline
        " PM-20261126-7KQ3",
        "PM-20261126-7KQ3-A1",  # an action id
        "PM-20261399-7KQ3",  # month 13
        "PM-20250229-7KQ3",  # not a leap year
        "PM-٢٠٢٦١١٢٦-7KQ3",  # digits of another script
        "PM_20261126_7KQ3",
    ],
)
def test_invalid_ids(value: str) -> None:
    assert not is_valid_id(value)


def test_action_id_rule() -> None:
    parent = "PM-20261126-7KQ3"
    assert is_valid_action_id(f"{parent}-A1", parent)
    assert is_valid_action_id(f"{parent}-A12", parent)
    assert is_valid_action_id(f"{parent}-A100", parent)


@pytest.mark.parametrize(
    "value",
    [
        "PM-20261126-7KQ3-A0",  # numbers start at 1
        "PM-20261126-7KQ3-A01",  # no leading zeros
        "PM-20261126-7KQ3-A",
        "PM-20261126-7KQ3-B1",
        "PM-20261126-7KQ3-a1",
        "PM-20261126-7KQ3-A1\n",
        "PM-20261126-7KQ3-A-1",
        "PM-20261126-7KQ3-A١",  # Arabic-Indic one
        "PM-20261126-7KQ3",  # the postmortem id itself
        "PM-20261126-XXXX-A1",  # another postmortem's action
        "PM-20261127-7KQ3-A1",  # another day's
        "INC-20261126-7KQ3-A1",  # another prefix
    ],
)
def test_invalid_action_ids(value: str) -> None:
    assert not is_valid_action_id(value, "PM-20261126-7KQ3")


def test_action_id_must_belong_to_a_valid_postmortem_id() -> None:
    assert not is_valid_action_id("PM-20261399-7KQ3-A1", "PM-20261399-7KQ3")


def test_redated_keeps_the_prefix_and_random_part() -> None:
    from postmortem.model.ids import redated

    assert redated("PM-20261127-T559", date(2026, 11, 26)) == "PM-20261126-T559"
    assert redated("INC7-20261127-0000", date(2025, 1, 2)) == "INC7-20250102-0000"
    assert redated("not an id", date(2026, 11, 26)) is None
