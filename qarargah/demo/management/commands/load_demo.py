import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qarargah.demo.loader import load_demo


class Command(BaseCommand):
    help = "بارگذاری داده‌های نمونه: استان‌های البرز و مرکزی، دستگاه‌ها، نهادها، کاربران و صورتجلسه‌های نمونه."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="فهرست کاربران نمونه را به صورت JSON چاپ کن")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("بارگذاری داده‌های نمونه در محیط production مجاز نیست.", returncode=2)
        users = load_demo(lambda line: self.stderr.write(line))
        if options["json"]:
            self.stdout.write(json.dumps(users, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            "\nکاربران نمونه (Demo users) — password for all: " + users[0]["password"] if users else ""
        )
        for user in users:
            place = (
                user["agency"] or user["body"] or user["neighbourhood"] or user["province"] or "همه استان‌ها"
            )
            self.stdout.write(f"  {user['username']:<18} {user['role']:<16} {user['role_fa']} · {place}")
