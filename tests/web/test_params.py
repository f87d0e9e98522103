"""`nprz.web.params`: a malformed parameter is a BadRequest with a Dutch message naming it,
an unknown year or code an Http404 naming what is known, a missing one its default."""

from __future__ import annotations

import pytest
from django.core.exceptions import BadRequest
from django.http import Http404
from django.test import RequestFactory

from nprz.monitor import models as m
from nprz.web import params

PILLARS = ("thuisbasis", "school", "werk", "wonen")


def get(query: str = ""):
    return RequestFactory().get(f"/doelen/{query}")


@pytest.fixture
def two_years(programme: object) -> None:
    """Reports of 2023 and 2024 in the store (a vintage each is all `known_years` reads)."""
    for year in (2023, 2024):
        m.Vintage.objects.create(
            code=f"test{year}-stoplicht",
            dataset=f"test{year}",
            title="Stand t.a.v. doelstelling",
            document="rapport.pdf",
            report_year=year,
            priority=1,
        )


# --- report_year ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("two_years")
@pytest.mark.parametrize(("query", "year"), [("", 2024), ("?jaar=", 2024), ("?jaar=+", 2024)])
def test_report_year_without_a_year_is_the_latest(query, year):
    assert params.report_year(get(query)) == year


@pytest.mark.django_db
@pytest.mark.usefixtures("two_years")
@pytest.mark.parametrize(("query", "year"), [("?jaar=2023", 2023), ("?jaar=%202024%20", 2024)])
def test_report_year_known_year(query, year):
    assert params.report_year(get(query)) == year


@pytest.mark.django_db
@pytest.mark.usefixtures("two_years")
@pytest.mark.parametrize("text", ["20x4", "24", "02024", "2024.0", "-2024", "tweeduizend"])
def test_report_year_malformed_is_a_bad_request_in_dutch(text):
    with pytest.raises(BadRequest) as raised:
        params.report_year(get(f"?jaar={text}"))
    assert str(raised.value) == (
        f"jaar moet een jaartal van vier cijfers zijn (bijvoorbeeld 2024), niet {text!r}"
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("two_years")
def test_report_year_unknown_is_404_naming_the_known_years():
    with pytest.raises(Http404) as raised:
        params.report_year(get("?jaar=2019"))
    assert str(raised.value) == "Voor rapportjaar 2019 zijn geen gegevens; beschikbaar: 2023, 2024."


@pytest.mark.django_db
def test_report_year_on_an_empty_store_says_no_data_are_loaded():
    with pytest.raises(Http404) as raised:
        params.report_year(get())
    assert str(raised.value) == "Er zijn nog geen gegevens geladen (nprz load nprz2024)."


@pytest.mark.django_db
def test_report_year_asked_on_an_empty_store_names_no_years():
    with pytest.raises(Http404) as raised:
        params.report_year(get("?jaar=2024"))
    assert str(raised.value) == "Voor rapportjaar 2024 zijn geen gegevens; beschikbaar: geen."


# --- choice ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", ""), ("?pijler=", ""), ("?pijler=werk", "werk"), ("?pijler=%20school%20", "school")],
)
def test_choice_accepts_an_allowed_value_or_falls_back_to_the_default(query, expected):
    assert params.choice(get(query), "pijler", PILLARS) == expected


def test_choice_default_is_used_for_an_empty_value():
    assert params.choice(get("?sorteer="), "sorteer", ["volgorde", "naam"], "volgorde") == (
        "volgorde"
    )


@pytest.mark.parametrize("text", ["Werk", "veilig", "werk,school"])
def test_choice_rejects_other_values_listing_the_allowed_ones(text):
    with pytest.raises(BadRequest) as raised:
        params.choice(get(f"?pijler={text}"), "pijler", PILLARS)
    assert str(raised.value) == (
        f"ongeldige waarde voor pijler: {text!r}; kies uit: thuisbasis, school, werk, wonen"
    )


# --- non_negative ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", 50), ("?limiet=", 50), ("?limiet=0", 0), ("?limiet=7", 7), ("?limiet=500", 500)],
)
def test_non_negative_accepts_zero_to_maximum(query, expected):
    assert params.non_negative(get(query), "limiet", 50, 500) == expected


@pytest.mark.parametrize("text", ["501", "-1", "1.5", "tien", "1e3"])
def test_non_negative_rejects_out_of_range_and_non_integers(text):
    with pytest.raises(BadRequest) as raised:
        params.non_negative(get(f"?limiet={text}"), "limiet", 50, 500)
    assert (
        str(raised.value)
        == f"limiet moet een geheel getal van 0 tot en met 500 zijn, niet {text!r}"
    )


@pytest.mark.parametrize("text", ["²", "１２", "٣", "9" * 5000])
def test_non_negative_rejects_digits_int_cannot_read_or_that_are_too_long(text):
    # str.isdigit() is true for all of these; int() refuses the first and the last
    with pytest.raises(BadRequest) as raised:
        params.non_negative(get(f"?limiet={text}"), "limiet", 50, 500)
    assert str(raised.value).startswith("limiet moet een geheel getal van 0 tot en met 500 zijn")


# --- reject_unknown -------------------------------------------------------------------------


def test_reject_unknown_lets_known_parameters_pass():
    params.reject_unknown(get("?jaar=2024&pijler=werk"), ("jaar", "pijler", "status"))
    params.reject_unknown(get(), ())  # no parameters on a page that takes none: fine too


def test_reject_unknown_names_the_first_unknown_parameter_and_the_known_ones():
    with pytest.raises(BadRequest) as raised:
        params.reject_unknown(get("?jaar=2024&zzz=1&pilar=werk"), ("jaar", "pijler"))
    assert str(raised.value) == "onbekende parameter 'pilar'; deze pagina kent: jaar, pijler"


def test_reject_unknown_on_a_page_without_parameters():
    with pytest.raises(BadRequest) as raised:
        params.reject_unknown(get("?jaar=2024"), ())
    assert str(raised.value) == "onbekende parameter 'jaar'; deze pagina kent: geen"


def test_reject_unknown_is_case_sensitive():
    with pytest.raises(BadRequest, match="onbekende parameter 'Jaar'"):
        params.reject_unknown(get("?Jaar=2024"), ("jaar",))


# --- indicator and area codes ---------------------------------------------------------------


@pytest.mark.django_db
def test_area_by_code_or_404(programme: object) -> None:
    made = m.Area.objects.create(code="hillesluis", name="Hillesluis", kind="wijk")
    assert params.area("hillesluis") == made
    with pytest.raises(Http404) as raised:
        params.area("Hillesluis")
    assert str(raised.value) == "Er is geen gebied met de code 'Hillesluis'."


@pytest.mark.django_db
def test_unknown_indicator_is_404_in_dutch():
    with pytest.raises(Http404) as raised:
        params.indicator("bestaat-niet")
    assert str(raised.value) == "Er is geen indicator met de code 'bestaat-niet'."
