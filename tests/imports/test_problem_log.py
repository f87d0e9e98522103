"""The problem log keeps the first problems of each code and counts the rest (issue 13), and
the one problem type reads its place the same for datasets and deliveries (issue 19)."""

from __future__ import annotations

from nprz.core.problems import Location, Problem, ProblemLog, Severity, Tally, groups
from nprz.datasets.problems import Problem as DatasetProblem
from nprz.imports.delivery import Delivery
from nprz.imports.delivery import Problem as DeliveryProblem


def problem(code: str, row: int, severity: Severity = Severity.FOUT) -> Problem:
    return Problem(code, f"melding {row}", Location("x.csv", "", row, "value"), severity)


def test_one_problem_type_for_datasets_and_deliveries() -> None:
    assert DatasetProblem is Problem is DeliveryProblem
    found = Problem.at("ongeldige-periode", "schooljaar '2023/25'", "algemeen.csv", 6, "period")
    assert (found.file, found.row, found.column) == ("algemeen.csv", 6, "period")
    assert found.place == "algemeen.csv, rij 6, kolom period"
    assert (
        str(found) == "algemeen.csv, rij 6, kolom period: schooljaar '2023/25' [ongeldige-periode]"
    )
    assert Problem.at("yaml", "geen geldige YAML", "plans.yaml").column is None


def test_the_log_keeps_the_first_of_each_code_and_counts_every_one() -> None:
    log = ProblemLog(kept_per_code=3)
    for row in range(2, 1002):
        log.add(problem("geen-getal", row))
        log.add(problem("code-variant", row, Severity.WAARSCHUWING))
    log.add(problem("dubbele-rij", 9))
    assert [p.location.row for p in log.kept if p.code == "geen-getal"] == [2, 3, 4]
    assert log.count("geen-getal") == 1000
    assert log.unlisted == (
        Tally("geen-getal", Severity.FOUT, 997),
        Tally("code-variant", Severity.WAARSCHUWING, 997),
    )


def test_a_full_code_is_tallied_without_building_the_problem() -> None:
    log = ProblemLog(kept_per_code=1)
    log.add(problem("geen-getal", 2))
    assert log.full("geen-getal")
    assert not log.full("lege-waarde")
    log.tally("geen-getal", Severity.FOUT)
    assert (len(log.kept), log.unlisted) == (1, (Tally("geen-getal", Severity.FOUT, 1),))


def test_groups_show_errors_first_with_their_totals() -> None:
    kept = (problem("code-variant", 2, Severity.WAARSCHUWING), problem("geen-getal", 3))
    shown = groups(kept, (Tally("geen-getal", Severity.FOUT, 41),), shown=20)
    assert [(g.code, g.total, g.more, len(g.shown)) for g in shown] == [
        ("geen-getal", 42, 41, 1),
        ("code-variant", 1, 0, 1),
    ]


def test_a_delivery_counts_what_it_did_not_keep() -> None:
    delivery = Delivery(
        "bestand",
        "x.csv",
        "x.csv",
        "",
        2024,
        problems=(problem("geen-getal", 2), problem("code-variant", 2, Severity.WAARSCHUWING)),
        unlisted=(Tally("geen-getal", Severity.FOUT, 99),),
    )
    assert (delivery.error_count, delivery.warning_count, delivery.ok) == (100, 1, False)
    assert delivery.with_problems([problem("geen-getal", 500)]).error_count == 101


def test_problems_the_store_adds_are_kept_and_counted_like_the_readers() -> None:
    delivery = Delivery(
        "bestand", "x.csv", "x.csv", "", 2024, problems=(problem("dubbele-rij", 2),)
    )
    more = delivery.with_problems(problem("onbekend-gebied", row) for row in range(2, 32))
    assert [(g.code, len(g.shown), g.total) for g in groups(more.problems, more.unlisted)] == [
        ("dubbele-rij", 1, 1),
        ("onbekend-gebied", 20, 30),
    ]
