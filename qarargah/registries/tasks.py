"""Background tasks (Django's tasks framework): a linking run of a province.

The argument is the run's id; the task reads the run fresh, so a worker in another process
(``QARARGAH_TASKS_BACKEND=database``) runs exactly what the page queued and stores its progress
on the run, which the page reads.
"""

from __future__ import annotations

from django.tasks import task

from qarargah.accounts.system import SYSTEM


@task
def run_link_task(*, run_id: int) -> int:
    from .models import LinkRun, LinkRunStatus
    from .services import run_linking

    run = LinkRun.objects.select_related("province", "requested_by").filter(pk=run_id).first()
    if run is None or run.status != LinkRunStatus.QUEUED:
        return 0
    # The run was queued by a data officer of the province (checked then); the worker acts for
    # that person in the history, or for the system when the account is gone.
    actor = run.requested_by or SYSTEM
    try:
        summary = run_linking(actor=actor, province=run.province, run=run, retrain=run.retrain)
    except Exception:
        # The run row already says «ناموفق» with the error; the worker's log has the trace.
        return 0
    return summary.records
