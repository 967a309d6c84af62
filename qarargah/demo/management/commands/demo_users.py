import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qarargah.demo.loader import demo_users


class Command(BaseCommand):
    help = "فهرست کاربران نمونه با گذرواژه، نقش و حوزه هر کدام."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="خروجی JSON")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("کاربران نمونه در محیط production وجود ندارند.", returncode=2)
        users = demo_users()
        if not users:
            raise CommandError(
                "هنوز داده نمونه بارگذاری نشده است؛ ابتدا `qarargah load_demo` را اجرا کنید.", returncode=1
            )
        if options["json"]:
            self.stdout.write(json.dumps(users, ensure_ascii=False, indent=2))
        else:
            for user in users:
                self.stdout.write(f"{user['username']}\t{user['password']}\t{user['role']}")
