"""`qarargah serve`: the production server (gunicorn, several workers), not runserver."""

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "اجرای سرور چندپردازه‌ای (gunicorn) با فایل‌های ایستا از خود برنامه."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("QARARGAH_BIND", "127.0.0.1:8000"))
        # Two processes per core, two threads each: a page is mostly Python (templates, ORM)
        # and one process runs Python on one core at a time; threads only cover database waits.
        # Measured on 2 cores (docs/benchmarks.md): 4 × 2 cut the list's p95 under load by a
        # third against 2 × 4.
        default_workers = str(2 * (os.cpu_count() or 1))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("QARARGAH_WORKERS", default_workers))
        )
        parser.add_argument("--threads", type=int, default=int(os.environ.get("QARARGAH_THREADS", "2")))
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
