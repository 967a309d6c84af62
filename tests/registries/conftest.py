"""The registry's test helpers: valid national codes, files as bytes, a source to load into."""

from __future__ import annotations

import csv
import io

import pytest


def with_check_digit(nine: str) -> str:
    """A valid national code from its first nine digits (weights 10…2, remainder rule)."""
    from qarargah.linkage.codes import make_code

    return make_code(nine)


def csv_bytes(rows: list[list[str]], *, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


STANDARD_HEADER = [
    "source_id",
    "national_code",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "sex",
    "mobile",
    "address",
    "county",
    "neighbourhood",
    "head_national_code",
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Linking runs keep their prepared features as files: each test gets its own MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def data_officer(db):
    from qarargah.accounts.models import User

    return User.objects.get(username="dadeh.alborz")


@pytest.fixture
def welfare_source(alborz):
    from qarargah.accounts.system import SYSTEM
    from qarargah.organisations.models import Agency
    from qarargah.registries import services

    agency = Agency.objects.get(province=alborz, name="اداره کل تعاون، کار و رفاه اجتماعی")
    return services.create_source(actor=SYSTEM, province=alborz, name="فهرست مددجویان تعاون", agency=agency)


@pytest.fixture
def sports_source(alborz):
    from qarargah.accounts.system import SYSTEM
    from qarargah.organisations.models import Agency
    from qarargah.registries import services

    agency = Agency.objects.get(province=alborz, name="اداره کل ورزش و جوانان")
    return services.create_source(actor=SYSTEM, province=alborz, name="فهرست ورزش", agency=agency)
