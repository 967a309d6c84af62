"""The neighbourhood programme's test world: the demo registry's Karaj neighbourhoods (Hesar,
Sohrabieh …), a house manager for Sohrabieh beside the demo one for Hesar, and a few needs."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from qarargah.accounts.models import Role, User
from qarargah.accounts.system import SYSTEM
from qarargah.neighbourhoods import services
from qarargah.neighbourhoods.models import NeedSource, StaffRole
from qarargah.organisations.models import Agency, TargetNeighbourhood


@pytest.fixture
def hoods(db, alborz, markazi, people):
    n = {x.name: x for x in TargetNeighbourhood.objects.select_related("county").all()}
    hesar, sohrabieh = n["حصار"], n["سهرابیه"]
    sohrabieh_manager = User.objects.create_user(
        username="khaneh.sohrabieh",
        password="x",
        role=Role.HOUSE_MANAGER,
        province=alborz,
        neighbourhood=sohrabieh,
    )
    agencies = {a.name: a for a in Agency.objects.filter(province=alborz)}
    varzesh = agencies["اداره کل ورزش و جوانان"]
    taavon = agencies["اداره کل تعاون، کار و رفاه اجتماعی"]
    services.save_house(actor=SYSTEM, neighbourhood=hesar, status="active", address="کرج، حصار، خیابان اصلی")
    services.save_profile(actor=SYSTEM, neighbourhood=hesar, zone="پهنه ۲")
    staff = services.add_staff(
        actor=SYSTEM,
        neighbourhood=hesar,
        name="فاطمه کریمی",
        role=StaffRole.HOUSE_MANAGER,
        phone="09121234567",
    )
    sports = services.register_need(
        actor=people.hesar_manager,
        data=services.NeedData(
            neighbourhood=hesar,
            axis="culture",
            title="نبود فضای ورزشی برای نوجوانان",
            severity=4,
            households=300,
            residents=120,
            source=NeedSource.SURVEY,
        ),
    )
    jobs = services.register_need(
        actor=people.hesar_manager,
        data=services.NeedData(
            neighbourhood=hesar, axis="employment", title="بیکاری زنان سرپرست خانوار", severity=5
        ),
    )
    water = services.register_need(
        actor=sohrabieh_manager,
        data=services.NeedData(
            neighbourhood=sohrabieh, axis="health", title="آب آشامیدنی ناسالم", severity=3
        ),
    )
    services.refer_need(actor=people.karaj_governorate, need=sports, agency=varzesh)
    sports.refresh_from_db()
    return SimpleNamespace(
        hesar=hesar,
        sohrabieh=sohrabieh,
        sohrabieh_manager=sohrabieh_manager,
        varzesh=varzesh,
        taavon=taavon,
        staff=staff,
        sports=sports,
        jobs=jobs,
        water=water,
    )
