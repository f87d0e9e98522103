"""`nprz.web.pagecache`: finished answers kept per state of the store.

The views here are stand-ins that count how often they are really called; the store is the
empty test database, changed by adding an area (one of the stamped tables).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from nprz.monitor import models as m
from nprz.publication.stamp import data_stamp, per_stamp
from nprz.web import pagecache
from nprz.web.pagecache import PageCache, cached_page

factory = RequestFactory()


def response(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


def add_area(code: str = "hillesluis") -> m.Area:
    return m.Area.objects.create(code=code, name=code.capitalize(), kind="wijk")


@pytest.fixture(autouse=True)
def empty_cache():
    pagecache.pages.clear()
    yield
    pagecache.pages.clear()


class Counting:
    """A view that answers `status` and counts its calls (`.view`, a plain function)."""

    def __init__(self, status: int = 200) -> None:
        self.calls: list[str] = []

        def view(request: HttpRequest, code: str = "") -> HttpResponse:
            self.calls.append(request.get_full_path())
            answer = response(f"pagina {len(self.calls)} {code}")
            answer.status_code = status
            answer["X-Pagina"] = str(len(self.calls))
            return answer

        self.view = view


# --- PageCache ------------------------------------------------------------------------------


def test_page_cache_evicts_the_least_recently_used():
    cache = PageCache(size=2)
    a, b, c = response("a"), response("b"), response("c")
    cache.put(("a",), a)
    cache.put(("b",), b)
    assert cache.get(("a",)) is a  # a is now the most recently used
    cache.put(("c",), c)
    assert cache.get(("b",)) is None
    assert cache.get(("a",)) is a
    assert cache.get(("c",)) is c


def test_page_cache_put_again_replaces_and_refreshes():
    cache = PageCache(size=2)
    cache.put(("a",), response("a1"))
    cache.put(("b",), response("b"))
    newer = response("a2")
    cache.put(("a",), newer)
    cache.put(("c",), response("c"))  # evicts b, not the refreshed a
    assert cache.get(("a",)) is newer
    assert cache.get(("b",)) is None


def test_page_cache_get_of_an_unknown_key_and_clear():
    cache = PageCache(size=3)
    assert cache.get(("nergens",)) is None
    cache.put(("a",), response("a"))
    cache.clear()
    assert cache.get(("a",)) is None


def test_page_cache_of_size_one_keeps_only_the_last():
    cache = PageCache(size=1)
    cache.put((1,), response("1"))
    cache.put((2,), response("2"))
    assert cache.get((1,)) is None
    assert cache.get((2,)) is not None


# --- data_stamp -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_data_stamp_counts_and_highest_ids_of_the_stamped_tables():
    empty = data_stamp()
    # fifteen tables, a count and a highest id each, and the number of published rounds
    assert empty == (0,) * 31
    area = add_area()
    stamp = data_stamp()
    # Area is the sixth stamped table: its count and highest id are places 10 and 11.
    assert stamp[:10] == empty[:10]
    assert stamp[10:12] == (1, area.id)
    assert stamp[12:] == empty[12:]  # the rest did not move


@pytest.mark.django_db
def test_data_stamp_changes_when_a_row_is_replaced():
    add_area("a")
    before = data_stamp()
    m.Area.objects.filter(code="a").delete()
    add_area("b")  # same count, higher id
    after = data_stamp()
    assert after[10] == before[10] == 1
    assert after[11] > before[11]


# --- cached_page ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_second_get_is_served_from_memory():
    view = Counting()
    cached = cached_page(view.view)
    first = cached(factory.get("/doelen/?pijler=werk"))
    second = cached(factory.get("/doelen/?pijler=werk"))
    assert view.calls == ["/doelen/?pijler=werk"]
    assert first.content == second.content == b"pagina 1 "
    assert second.status_code == 200
    assert second["Content-Type"] == "text/plain; charset=utf-8"
    assert second["X-Pagina"] == "1"


@pytest.mark.django_db
def test_each_query_and_path_is_its_own_page():
    view = Counting()
    cached = cached_page(view.view)
    for url in ["/doelen/", "/doelen/?pijler=werk", "/doelen/?pijler=school", "/doelen/"]:
        cached(factory.get(url))
    assert view.calls == ["/doelen/", "/doelen/?pijler=werk", "/doelen/?pijler=school"]


@pytest.mark.django_db
def test_url_arguments_reach_the_view():
    view = Counting()
    cached = cached_page(view.view)
    answer = cached(factory.get("/indicatoren/woz-waarde/"), code="woz-waarde")
    assert answer.content == b"pagina 1 woz-waarde"


@pytest.mark.django_db
def test_a_change_in_the_store_makes_the_page_be_computed_again():
    view = Counting()
    cached = cached_page(view.view)
    assert cached(factory.get("/")).content == b"pagina 1 "
    add_area()
    assert cached(factory.get("/")).content == b"pagina 2 "
    assert cached(factory.get("/")).content == b"pagina 2 "
    assert len(view.calls) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("status", [400, 404, 500, 302])
def test_other_answers_than_200_are_not_kept(status):
    view = Counting(status)
    cached = cached_page(view.view)
    answers = [cached(factory.get("/doelen/?sorteer=onzin")) for _ in range(3)]
    assert [a.status_code for a in answers] == [status] * 3
    assert [a.content for a in answers] == [b"pagina 1 ", b"pagina 2 ", b"pagina 3 "]
    assert len(view.calls) == 3


@pytest.mark.django_db
def test_an_exception_is_not_kept():
    calls = []

    def view(request: HttpRequest) -> HttpResponse:
        calls.append(1)
        raise Http404("Er is geen indicator met de code 'x'.")

    cached = cached_page(view)
    for _ in range(2):
        with pytest.raises(Http404):
            cached(factory.get("/indicatoren/x/"))
    assert len(calls) == 2


@pytest.mark.django_db
def test_streaming_answers_pass_through_and_are_not_kept():
    calls = []

    def view(request: HttpRequest) -> Any:
        calls.append(1)
        return StreamingHttpResponse(iter([b"a", b"b"]))

    cached = cached_page(view)
    answers: list[Any] = [cached(factory.get("/stroom/")) for _ in range(2)]
    assert [a.streaming for a in answers] == [True, True]
    assert [b"".join(a.streaming_content) for a in answers] == [b"ab", b"ab"]
    assert len(calls) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "head"])
def test_only_get_is_kept(method):
    view = Counting()
    cached = cached_page(view.view)
    for _ in range(2):
        answer = cached(getattr(factory, method)("/doelen/"))
        assert answer.status_code == 200
    assert len(view.calls) == 2


@pytest.mark.django_db
def test_every_request_gets_its_own_copy():
    view = Counting()
    cached = cached_page(view.view)
    first = cached(factory.get("/"))
    first["X-Pagina"] = "veranderd"
    first["Vary"] = "Cookie"
    second = cached(factory.get("/"))
    assert second is not first
    assert second["X-Pagina"] == "1"
    assert "Vary" not in second
    third = cached(factory.get("/"))
    assert third is not second
    assert third.content == b"pagina 1 "
    assert len(view.calls) == 1


@pytest.mark.django_db
def test_the_first_answer_is_a_copy_too():
    kept = response("origineel")

    def view(request: HttpRequest) -> HttpResponse:
        return kept

    answer = cached_page(view)(factory.get("/"))
    assert answer is not kept
    answer["X-Extra"] = "1"
    assert "X-Extra" not in kept


@pytest.mark.django_db
def test_the_wrapper_keeps_the_views_name():
    view = Counting()

    def overview(request: HttpRequest) -> HttpResponse:
        return view.view(request)

    assert cached_page(overview).__name__ == "overview"


# --- per_stamp ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_per_stamp_remembers_per_year_while_the_store_stays_the_same():
    calls: list[int] = []

    @per_stamp
    def total(year: int) -> list[int]:
        calls.append(year)
        return [year, len(calls)]

    assert total(2024) == [2024, 1]
    assert total(2024) == [2024, 1]
    assert total(2023) == [2023, 2]
    assert total(2024) == [2024, 1]
    assert calls == [2024, 2023]
    add_area()
    assert total(2024) == [2024, 3]
    assert total(2024) == [2024, 3]
    assert calls == [2024, 2023, 2024]


@pytest.mark.django_db
def test_per_stamp_does_not_remember_a_failure():
    calls: list[int] = []

    @per_stamp
    def failing(year: int) -> int:
        calls.append(year)
        raise ValueError(f"onbekend rapportjaar {year}")

    for _ in range(2):
        with pytest.raises(ValueError, match="onbekend rapportjaar 1999"):
            failing(1999)
    assert calls == [1999, 1999]


@pytest.mark.django_db
def test_per_stamp_forgets_everything_beyond_nine_entries():
    calls: list[int] = []

    @per_stamp
    def same(year: int) -> int:
        calls.append(year)
        return year

    for year in range(2015, 2025):  # ten years: the tenth clears the memory first
        same(year)
    assert len(calls) == 10
    same(2024)
    assert len(calls) == 10  # kept: stored after the clearing
    same(2015)
    assert len(calls) == 11  # forgotten by the clearing
