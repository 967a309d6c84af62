"""`qarargah serve`: the production server (gunicorn, several workers), not runserver."""

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "اجرای سرور چندپردازه‌ای (gunicorn) با فایل‌های ایستا از خود برنامه."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("QARARGAH_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("QARARGAH_WORKERS", "3")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("QARARGAH_THREADS", "4")))
        parser.add_argument("--timeout", type=int, default=60)

    def handle(self, *args, **options):
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "qarargah.config.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--timeout",
            str(options["timeout"]),
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        self.stderr.write(f"قرارگاه روی http://{options['bind']} آماده است ({settings.ENVIRONMENT}).")
        os.execv(sys.executable, argv)
