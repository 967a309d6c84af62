"""`qarargah registry feed-indicators --province P`: writes this month's values, says so in
Persian (and in a line machines read), and refuses an unknown province with a Persian message."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qarargah.neighbourhoods.models import IndicatorValue
from qarargah.organisations.models import TargetNeighbourhood
from qarargah.registries import feed
from qarargah.registries.models import TargetGroup

from .test_indicator_feed import add_people

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("registry", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def listed(alborz, welfare_source):
    welfare_source.groups.set([TargetGroup.objects.get(code="needy_families")])
    hesar = TargetNeighbourhood.objects.get(name="حصار", county__province=alborz)
    add_people(welfare_source, hesar, 12)
    return hesar


def test_the_command_feeds_the_province_and_reports_in_persian(settings, alborz, listed):
    settings.QARARGAH_REGISTRY_MIN_CELL = 1
    out, _err = run("feed-indicators", "--province", "alborz")
    year, month = feed.current_period()
    value = IndicatorValue.objects.get(
        indicator__code="registry_people_needy_families", neighbourhood=listed, year=year, part=month
    )
    assert value.value == 12
    hoods = TargetNeighbourhood.objects.filter(county__province=alborz).count()
    groups = TargetGroup.objects.filter(province__isnull=True).count()
    unserved = TargetGroup.objects.filter(province__isnull=True, counts_households=True).count()
    stored = hoods * (groups + unserved)
    persian, machine = out.strip().splitlines()
    assert persian.startswith("شاخص‌های محله‌های استان البرز برای ")
    assert (
        f"ثبت یا تغییر {feed_fa(stored)}، بدون تغییر ۰، حذف ۰؛ ۰ خانه جدول به سبب شمار کم پنهان ماند."
        in persian
    )
    assert machine == (
        f"indicators={groups + unserved} neighbourhoods={hoods} written={stored} unchanged=0 removed=0 "
        f"hidden=0 year={year} month={month}"
    )
    # Run again: nothing to write; by the Persian name of the province too.
    out, _err = run("feed-indicators", "--province", "البرز")
    assert f"written=0 unchanged={stored} removed=0" in out


def feed_fa(n: int) -> str:
    from qarargah.persian import to_persian_digits

    return to_persian_digits(f"{n:,}").replace(",", "٬")


def test_small_counts_are_counted_as_hidden_by_the_command(settings, alborz, listed):
    settings.QARARGAH_REGISTRY_MIN_CELL = 20
    out, _err = run("feed-indicators", "--province", "alborz")
    assert "hidden=0" not in out
    assert not IndicatorValue.objects.filter(
        indicator__code="registry_people_needy_families", neighbourhood=listed
    ).exists()


def test_an_unknown_province_is_refused_in_persian():
    with pytest.raises(CommandError) as caught:
        run("feed-indicators", "--province", "atlantis")
    assert caught.value.returncode == 2
    assert str(caught.value) == "استانی با نام، کد یا شناسه «atlantis» پیدا نشد."
    assert not IndicatorValue.objects.filter(indicator__entered_by="registry").exists()


def test_the_province_is_required():
    with pytest.raises(CommandError):
        run("feed-indicators")
