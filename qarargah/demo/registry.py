"""The target-group registry's demo: two agencies' lists of Alborz (synthetic people from the
linkage package's generator, with its known errors) loaded through the normal import, then
linked, so the data officer dadeh.alborz finds sources, a quarantine, a review queue and
persons, and the neighbourhood indicators get the month's counts. Running it again loads
nothing new."""

from __future__ import annotations

from collections.abc import Callable

from qarargah.organisations.models import Province

DEMO_PEOPLE = 40
DEMO_SEED = 1403


def load_demo_registry(log: Callable[[str], None]) -> None:
    from qarargah.accounts.system import SYSTEM
    from qarargah.core.errors import ServiceError
    from qarargah.registries import services
    from qarargah.registries.synthetic import load_synthetic

    try:
        from qarargah.linkage.synthetic import generate
    except ImportError:  # installed without the registry extra (splink, DuckDB)
        log("ثبت یکپارچه: بسته پیوند رکوردها نصب نیست؛ فهرست‌های نمونه بارگذاری نشد.")
        return
    province = Province.objects.filter(code="alborz").first()
    if province is None:
        return
    results = load_synthetic(province, generate(people=DEMO_PEOPLE, sources=2, seed=DEMO_SEED))
    loaded = sum(r.loaded for r in results.values())
    log(f"ثبت یکپارچه: {len(results)} فهرست، {loaded} رکورد تازه")
    if loaded:
        try:
            summary = services.run_linking(actor=SYSTEM, province=province)
        except ServiceError as exc:  # the linkage extra is not installed: the lists stay unlinked
            log(exc.message)
        else:
            log(f"ثبت یکپارچه: {summary.records} رکورد به {summary.persons} فرد پیوند خورد")
    _feed_indicators(province, log)


def _feed_indicators(province: Province, log: Callable[[str], None]) -> None:
    """The linked people feed this month's neighbourhood indicators (decision 0035). A linking
    run already fed them; this also covers a database linked before the feed existed, and
    writes nothing when the values are already there."""
    from qarargah.accounts.system import SYSTEM
    from qarargah.registries.feed import feed_indicators
    from qarargah.registries.models import Person

    if not Person.objects.filter(province=province).exists():
        return
    summary = feed_indicators(actor=SYSTEM, province=province)
    log(
        f"ثبت یکپارچه: شاخص‌های {summary.neighbourhoods} محله برای {summary.period_label} "
        f"({summary.result.stored} مقدار، {summary.hidden} خانه پنهان)"
    )
