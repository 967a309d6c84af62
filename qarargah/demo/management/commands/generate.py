"""`qarargah generate`: synthetic data for benchmarks and load tests (see qarargah/demo/generate.py)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qarargah.core.errors import ServiceError
from qarargah.demo.generate import (
    DEFAULT_AS_OF,
    DEFAULT_SEED,
    GENERATED_PASSWORD,
    PROVINCES,
    SCALES,
    generate,
)
from qarargah.persian import jalali_iso, parse_jalali_iso, to_persian_digits

LABELS = {
    "provinces": "استان",
    "counties": "شهرستان",
    "neighbourhoods": "محله هدف",
    "agencies": "دستگاه اجرایی",
    "agency_aliases": "نام دیگر دستگاه",
    "bodies": "قرارگاه / شورا / کمیته",
    "body_memberships": "عضویت",
    "users": "کاربر",
    "meetings": "جلسه",
    "agenda_items": "دستور جلسه",
    "resolutions": "مصوبه",
    "resolution_neighbourhoods": "پیوند مصوبه و محله",
    "assignments": "تکلیف دستگاه",
    "reports": "گزارش اقدام",
    "extensions": "درخواست تمدید مهلت",
}


class Command(BaseCommand):
    help = (
        "ساخت داده ساختگی (ولی واقع‌نما) برای آزمون بار و سنجش کارایی: استان‌ها، شهرستان‌ها، محله‌های هدف، "
        "دستگاه‌ها، نهادها، کاربران، جلسات، مصوبات، تکالیف، گزارش‌ها و بررسی‌ها. با یک seed همیشه همان داده "
        "ساخته می‌شود. داده ساختگی سابقه کار کسی نیست، پس در تاریخچه تغییرات (auditlog) ثبت نمی‌شود. "
        f"گذرواژه همه کاربران ساخته‌شده: {GENERATED_PASSWORD}. "
        "Scales: small = 1 province, 2,000 resolutions; province = 1 province, 100,000 resolutions, "
        "300,000 assignments, 1,000,000 reports; national = 31 provinces at a lower density. "
        "Generated data is not user history: auditlog is disabled while generating."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", choices=sorted(SCALES), default="small", help="اندازه داده (پیش‌فرض small)"
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"بذر تصادفی (پیش‌فرض {DEFAULT_SEED})"
        )
        parser.add_argument("--resolutions", type=int, help="تعداد کل مصوبات (به جای اندازه مقیاس)")
        parser.add_argument("--assignments", type=int, help="تعداد کل تکالیف دستگاه‌ها")
        parser.add_argument("--reports", type=int, help="تعداد کل گزارش‌های اقدام")
        parser.add_argument(
            "--province",
            choices=[code for code, _n, _c in PROVINCES],
            metavar="CODE",
            help="فقط همین استان (کد لاتین، مثلاً isfahan یا qom)",
        )
        parser.add_argument(
            "--as-of",
            default=jalali_iso(DEFAULT_AS_OF),
            help="روزی که داده تا آن چیده می‌شود، شمسی (پیش‌فرض %(default)s)",
        )
        parser.add_argument("--no-analyze", action="store_true", help="بدون ANALYZE در پایان")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("ساخت داده ساختگی در محیط production مجاز نیست.", returncode=2)
        try:
            as_of: datetime.date = parse_jalali_iso(options["as_of"])
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        try:
            result = generate(
                scale=options["scale"],
                seed=options["seed"],
                province=options["province"],
                resolutions=options["resolutions"],
                assignments=options["assignments"],
                reports=options["reports"],
                as_of=as_of,
                analyze=not options["no_analyze"],
                log=lambda line: self.stderr.write(line),
            )
        except ServiceError as exc:
            raise CommandError(exc.message, returncode=1) from exc
        self.stdout.write(f"ساخته شد ({', '.join(result.provinces)}):")
        for key, count in result.counts.items():
            label = LABELS.get(key, key)
            self.stdout.write(f"  {to_persian_digits(f'{count:,}').replace(',', '٬'):>12}  {label} ({key})")
        self.stdout.write(f"زمان: {result.seconds:.1f} s — time taken: {result.seconds:.1f} s")
        self.stdout.write(f"گذرواژه همه کاربران ساخته‌شده: {GENERATED_PASSWORD}")
