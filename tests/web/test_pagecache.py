"""`nprz.web.pagecache`: finished answers kept per state of what the public can see.

The views here are stand-ins that count how often they are really called; the store is the
empty test database, changed by adding an area (one of the stamped tables). Every test of
`cached_page` runs twice: with the database cache (the default) and with Redis on
127.0.0.1:6379 under a key prefix of its own (skipped when no Redis answers, unless
NPRZ_REQUIRE_REDIS=1).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.core.exceptions import BadRequest
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from nprz.interventions import models as iv
from nprz.monitor import models as m
from nprz.publication.stamp import Memo, data_stamp, per_stamp
from nprz.site.caches import cache_settings
from nprz.web import pagecache, params, views
from nprz.web.pagecache import cached_page
from nprz.web.pages.common import Page

factory = RequestFactory()
REDIS_URL = os.environ.get("NPRZ_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_pages_settings(prefix: str, url: str = REDIS_URL) -> dict[str, Any]:
    """The page cache as settings.py configures it with NPRZ_REDIS_URL, under `prefix`."""
    return cache_settings(url, prefix)["pages"]


def redis_client() -> Any:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("NPRZ_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis op {REDIS_URL} antwoordt niet: {error}", pytrace=False)
        pytest.skip(f"Redis op {REDIS_URL} antwoordt niet ({error}); NPRZ_REQUIRE_REDIS=1 eist het")
    return client


def remove_redis_keys(prefix: str) -> None:
    """Only this test's keys (`prefix:…` and the pages' `prefix-pages:…`): clear() would
    empty the whole Redis database (FLUSHDB)."""
    client = redis_client()
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def response(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


def add_area(code: str = "hillesluis") -> m.Area:
    """An area of a synthetic programme (made on first use: its row changes the stamp too)."""
    owner, _ = m.Programme.objects.get_or_create(
        code="synthetisch", defaults={"name": "Synthetisch", "short_name": "S", "definition": {}}
    )
    return m.Area.objects.create(programme=owner, code=code, name=code.capitalize(), kind="wijk")


@pytest.fixture(params=["database", "redis"])
def shared(request: pytest.FixtureRequest, settings: Any, db: None) -> Iterator[str]:
    """The shared page cache on one backend, empty; the process's own memory emptied too."""
    prefix = ""
    if request.param == "redis":
        redis_client()
        prefix = f"nprz-test-{uuid.uuid4().hex[:12]}"
        settings.CACHES = {**settings.CACHES, "pages": redis_pages_settings(prefix)}
    else:
        caches["pages"].clear()  # a table in the test database: no one else's entries
    pagecache.pages.clear()
    yield request.param
    pagecache.pages.clear()
    if prefix:
        remove_redis_keys(prefix)


def shared_entries(backend: str) -> int:
    """How many pages the shared cache holds."""
    if backend == "database":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM nprz_pages")
            return int(cursor.fetchone()[0])
    prefix = caches["pages"].key_prefix
    return len(list(redis_client().scan_iter(f"{prefix}:*")))


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


# --- Memo ---------------------------------------------------------------------------------


def test_memo_evicts_the_least_recently_used():
    memo: Memo[str] = Memo(size=2)
    memo.put(("a",), "a")
    memo.put(("b",), "b")
    assert memo.get(("a",)) == "a"  # a is now the most recently used
    memo.put(("c",), "c")
    assert memo.get(("b",)) is None
    assert memo.get(("a",)) == "a"
    assert memo.get(("c",)) == "c"


def test_memo_put_again_replaces_and_refreshes():
    memo: Memo[str] = Memo(size=2)
    memo.put(("a",), "a1")
    memo.put(("b",), "b")
    memo.put(("a",), "a2")
    memo.put(("c",), "c")  # evicts b, not the refreshed a
    assert memo.get(("a",)) == "a2"
    assert memo.get(("b",)) is None


def test_memo_get_of_an_unknown_key_and_clear():
    memo: Memo[str] = Memo(size=3)
    assert memo.get(("nergens",)) is None
    memo.put(("a",), "a")
    memo.clear()
    assert memo.get(("a",)) is None


def test_memo_of_size_one_keeps_only_the_last():
    memo: Memo[str] = Memo(size=1)
    memo.put((1,), "1")
    memo.put((2,), "2")
    assert memo.get((1,)) is None
    assert memo.get((2,)) == "2"


# --- data_stamp: what the public can see ---------------------------------------------------


@pytest.mark.django_db
def test_the_stamp_of_an_empty_store_is_all_zeros():
    assert set(data_stamp()) == {0}


@pytest.mark.django_db
def test_a_new_or_replaced_row_changes_the_stamp():
    empty = data_stamp()
    add_area("a")
    one = data_stamp()
    assert one != empty
    m.Area.objects.filter(code="a").delete()
    add_area("b")  # same count, higher id
    two = data_stamp()
    assert two not in (empty, one)
    m.Area.objects.filter(code="b").delete()  # removed by hand: the count says so
    assert data_stamp() not in (one, two)


def open_round_with_a_kpi() -> tuple[iv.ProgressRound, iv.Kpi, iv.ProgressReport]:
    intervention = iv.Intervention.objects.create(pillar="werk", number="1", name="Synthetisch")
    kpi = iv.Kpi.objects.create(intervention=intervention, label="Banen", unit="aantal", scope="")
    round_ = iv.ProgressRound.objects.create(year=2025, status=iv.RoundStatus.OPEN)
    report = iv.ProgressReport.objects.create(
        round=round_, intervention=intervention, status=iv.ReportStatus.CONCEPT
    )
    return round_, kpi, report


@pytest.mark.django_db
@pytest.mark.usefixtures("programme")  # the round and intervention belong to NPRZ
def test_what_an_open_round_holds_leaves_the_stamp_and_publishing_changes_it():
    round_, kpi, report = open_round_with_a_kpi()
    before = data_stamp()
    value = iv.KpiValue.objects.create(
        kpi=kpi, round=round_, period="2025", kind="realisatie", printed="12", value=12
    )
    value.printed = "13"
    value.save()
    report.summary, report.status = "Concept.", iv.ReportStatus.GOEDGEKEURD
    report.save()
    round_.status = iv.RoundStatus.GESLOTEN
    round_.save()
    assert data_stamp() == before
    round_.status = iv.RoundStatus.GEPUBLICEERD
    round_.save()
    published = data_stamp()
    assert published != before
    # A published round's values are public: a change to one (through the ORM) shows.
    value.printed = "14"
    value.save()
    assert data_stamp() != published


# --- cached_page ----------------------------------------------------------------------------


def test_second_get_is_served_from_the_cache(shared):
    view = Counting()
    cached = cached_page(view.view)
    first = cached(factory.get("/doelen/?pijler=werk"))
    second = cached(factory.get("/doelen/?pijler=werk"))
    assert view.calls == ["/doelen/?pijler=werk"]
    assert first.content == second.content == b"pagina 1 "
    assert second.status_code == 200
    assert second["Content-Type"] == "text/plain; charset=utf-8"
    assert second["X-Pagina"] == "1"
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "local")
    assert shared_entries(shared) == 1


def test_a_page_in_the_shared_cache_is_served_without_computing_it_again(shared):
    """What another server (or worker) sees: its own memory is empty, the shared cache not."""
    view = Counting()
    cached = cached_page(view.view)
    cached(factory.get("/doelen/"))
    pagecache.pages.clear()  # as if in another process
    other = cached(factory.get("/doelen/"))
    assert view.calls == ["/doelen/"]
    assert (other.content, other["X-Page-Cache"], other["X-Pagina"]) == (
        b"pagina 1 ",
        "shared",
        "1",
    )


def test_each_query_and_path_is_its_own_page(shared):
    view = Counting()
    cached = cached_page(view.view)
    for url in ["/doelen/", "/doelen/?pijler=werk", "/doelen/?pijler=school", "/doelen/"]:
        cached(factory.get(url))
    assert view.calls == ["/doelen/", "/doelen/?pijler=werk", "/doelen/?pijler=school"]
    assert shared_entries(shared) == 3


@pytest.mark.parametrize(
    "variant",
    ["jaar=+2024", "jaar=%20%202024", "jaar=2024%20", "jaar=%092024+", "j%61ar=2024"],
)
def test_padded_or_encoded_parameters_make_no_entry_of_their_own(shared, variant):
    view = Counting()
    cached = cached_page(view.view)
    cached(factory.get("/doelen/?jaar=2024"))
    answer = cached(factory.get(f"/doelen/?{variant}"))
    assert view.calls == ["/doelen/?jaar=2024"]
    assert answer.content == b"pagina 1 "
    assert shared_entries(shared) == 1


def test_the_order_of_parameters_makes_no_entry_of_its_own(shared):
    view = Counting()
    cached = cached_page(view.view)
    cached(factory.get("/doelen/?pijler=werk&status=rood"))
    cached(factory.get("/doelen/?status=rood&pijler=werk"))
    assert len(view.calls) == 1
    assert shared_entries(shared) == 1


def test_a_repeated_parameter_is_refused_before_it_can_make_an_entry():
    request = factory.get("/doelen/?jaar=2024&jaar=2023")
    with pytest.raises(BadRequest, match="jaar staat meer dan eens in de vraag"):
        params.reject_unknown(request, ("jaar",))


def test_url_arguments_reach_the_view(shared):
    view = Counting()
    cached = cached_page(view.view)
    answer = cached(factory.get("/indicatoren/woz-waarde/"), code="woz-waarde")
    assert answer.content == b"pagina 1 woz-waarde"


def test_a_change_in_the_store_makes_the_page_be_computed_again(shared):
    view = Counting()
    cached = cached_page(view.view)
    assert cached(factory.get("/")).content == b"pagina 1 "
    add_area()
    assert cached(factory.get("/")).content == b"pagina 2 "
    assert cached(factory.get("/")).content == b"pagina 2 "
    assert len(view.calls) == 2


@pytest.mark.parametrize("status", [400, 404, 500, 302])
def test_other_answers_than_200_are_not_kept(shared, status):
    view = Counting(status)
    cached = cached_page(view.view)
    answers = [cached(factory.get("/doelen/?sorteer=onzin")) for _ in range(3)]
    assert [a.status_code for a in answers] == [status] * 3
    assert [a.content for a in answers] == [b"pagina 1 ", b"pagina 2 ", b"pagina 3 "]
    assert len(view.calls) == 3
    assert shared_entries(shared) == 0


def test_an_exception_is_not_kept(shared):
    calls = []

    def view(request: HttpRequest) -> HttpResponse:
        calls.append(1)
        raise Http404("Er is geen indicator met de code 'x'.")

    cached = cached_page(view)
    for _ in range(2):
        with pytest.raises(Http404):
            cached(factory.get("/indicatoren/x/"))
    assert len(calls) == 2


def test_streaming_answers_pass_through_and_are_not_kept(shared):
    calls = []

    def view(request: HttpRequest) -> Any:
        calls.append(1)
        return StreamingHttpResponse(iter([b"a", b"b"]))

    cached = cached_page(view)
    answers: list[Any] = [cached(factory.get("/stroom/")) for _ in range(2)]
    assert [a.streaming for a in answers] == [True, True]
    assert [b"".join(a.streaming_content) for a in answers] == [b"ab", b"ab"]
    assert len(calls) == 2


@pytest.mark.parametrize("method", ["post", "head"])
def test_only_get_is_kept(shared, method):
    view = Counting()
    cached = cached_page(view.view)
    for _ in range(2):
        answer = cached(getattr(factory, method)("/doelen/"))
        assert answer.status_code == 200
    assert len(view.calls) == 2


def test_every_request_gets_its_own_copy(shared):
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


def test_the_first_answer_is_a_copy_too(shared):
    kept = response("origineel")

    def view(request: HttpRequest) -> HttpResponse:
        return kept

    answer = cached_page(view)(factory.get("/"))
    assert answer is not kept
    answer["X-Extra"] = "1"
    assert "X-Extra" not in kept


def test_the_wrapper_keeps_the_views_name():
    view = Counting()

    def overview(request: HttpRequest) -> HttpResponse:
        return view.view(request)

    assert cached_page(overview).__name__ == "overview"


def test_a_broken_shared_cache_serves_the_page_computed(settings, db):
    """A shared cache that does not answer costs speed, never the page."""
    nobody = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.CACHES = {**settings.CACHES, "pages": redis_pages_settings("nprz-test-x", nobody)}
    pagecache.pages.clear()
    view = Counting()
    cached = cached_page(view.view)
    answers = [cached(factory.get("/doelen/")) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert [a["X-Page-Cache"] for a in answers] == ["miss", "local"]
    assert len(view.calls) == 1
    pagecache.pages.clear()


# --- the page builds behind page_view -------------------------------------------------------


def test_a_padded_parameter_reuses_the_build_of_the_plain_one(shared):
    calls: list[str] = []

    def build(request: HttpRequest) -> Page:
        calls.append(request.get_full_path())
        return Page("web/error.html", {"title": "Proef", "message": "", "status": 200})

    views.built.clear()  # builds of other tests, with the same (empty) stamp
    view = views.page_view(build)
    assert view(factory.get("/proef/?jaar=2024")).status_code == 200
    pagecache.pages.clear()
    if shared == "database":
        caches["pages"].clear()
    else:
        remove_redis_keys(caches["pages"].key_prefix)
    assert view(factory.get("/proef/?jaar=+2024")).status_code == 200
    assert calls == ["/proef/?jaar=2024"]
    views.built.clear()


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
