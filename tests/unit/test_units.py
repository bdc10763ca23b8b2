"""Numbers with their units, written one way on every page, in the record and on the CLI."""

from __future__ import annotations

import math

import pytest

from scoring.model.units import (
    format_volume,
    monthly_volume,
    ms,
    ms_whole,
    significant,
    usd,
    usd_per_1k,
    usd_signed,
    usd_whole,
)


def test_a_monthly_volume_reads_in_words_and_per_second():
    assert monthly_volume(5_000_000) == "5 million a month, on average 1.9 per second"
    assert monthly_volume(2e9) == "2 billion a month, on average 761 per second"


@pytest.mark.parametrize(("requests", "text"), [(950, "950"), (12_500, "12.5 k"), (5e6, "5 M")])
def test_a_volume_in_short_form_keeps_three_significant_digits(requests, text):
    assert format_volume(requests) == text


def test_limits_read_in_whole_milliseconds_and_estimates_in_three_significant_figures():
    assert ms_whole(2000) == "2,000 ms"
    assert ms(34.44) == "34.4 ms"
    assert ms(57_294.8) == "57,300 ms"
    assert ms(26_541_446.4) == "26,500,000 ms"
    assert ms(6.5) == "6.5 ms"
    assert ms(25.0) == "25 ms"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (57_294.8, "57,300"),
        (999.6, "1,000"),
        (140.26, "140"),
        (0.012345, "0.0123"),
        (0.09996, "0.1"),
        (-1234.5, "-1,230"),
        (0, "0"),
    ],
)
def test_a_number_keeps_three_significant_figures_and_never_turns_scientific(value, text):
    assert significant(value) == text


def test_dollars_in_sentences_keep_three_significant_figures_and_tables_whole_dollars():
    assert usd(132_334.4) == "$132,000"
    assert usd(27.01) == "$27.0"
    assert usd(0.0338) == "$0.0338"
    assert usd(-26_982) == "-$27,000"
    assert usd_per_1k(0.2) == "$0.200"
    assert usd_per_1k(305.28) == "$305"
    assert usd_per_1k(None) == "n/a"
    assert usd_signed(61_485) == "+$61,500"
    assert usd_signed(-41_722) == "-$41,700"
    assert usd_signed(0) == "$0"
    assert usd_whole(132_334.4) == "$132,334"


def test_an_unbounded_latency_says_so_instead_of_inf():
    assert ms(math.inf) == ms_whole(math.inf) == "unbounded"
