"""Numbers with their units, written one way on every page, in the record and on the CLI."""

from __future__ import annotations

import math

import pytest

from scoring.model.units import format_volume, monthly_volume, ms, ms_whole


def test_a_monthly_volume_reads_in_words_and_per_second():
    assert monthly_volume(5_000_000) == "5 million a month, on average 1.9 per second"
    assert monthly_volume(2e9) == "2 billion a month, on average 761 per second"


@pytest.mark.parametrize(("requests", "text"), [(950, "950"), (12_500, "12.5 k"), (5e6, "5 M")])
def test_a_volume_in_short_form_keeps_three_significant_digits(requests, text):
    assert format_volume(requests) == text


def test_limits_read_in_whole_milliseconds_and_measurements_keep_a_decimal():
    assert ms_whole(2000) == "2,000 ms"
    assert ms(34.44) == "34.4 ms"


def test_an_unbounded_latency_says_so_instead_of_inf():
    assert ms(math.inf) == ms_whole(math.inf) == "unbounded"
