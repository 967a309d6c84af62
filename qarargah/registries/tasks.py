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


@task
def feed_indicators_task(*, province_id: int, user_id: int | None = None) -> int:
    """The neighbourhood indicators of a province fed from its registry after a linking run
    (decision 0035): a task of its own, so a run's persons are saved and shown without waiting
    for the counts over the whole province."""
    from qarargah.accounts.models import User
    from qarargah.organisations.models import Province

    from .feed import feed_after_linking

    province = Province.objects.filter(pk=province_id).first()
    if province is None:
        return 0
    actor = User.objects.filter(pk=user_id).first() if user_id is not None else None
    summary = feed_after_linking(actor=actor or SYSTEM, province=province)
    return 0 if summary is None else 1
