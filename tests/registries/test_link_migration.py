"""Migrations 0006/0007 move a record's person and match class into RecordLink: the links made
before the upgrade are the links after it, and reversing puts them back on the records.

A module of its own: the test migrates the database back and forth, so it needs a transactional
database (``transactional_db``) and puts the shared world back afterwards (``world_restored``).
"""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("registries", "0005_merge_0004_group_total_0004_link_run_incremental")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def test_links_survive_the_move_to_their_own_table_and_back(world_restored, transactional_db):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("registries")
    old = _migrate(BEFORE).loader.project_state(BEFORE[0]).apps
    province = old.get_model("organisations", "Province").objects.order_by("pk").first()
    source = old.get_model("registries", "Source").objects.create(
        province_id=province.pk, name="فهرست آزمون", name_key="فهرست آزمون"
    )
    person_model = old.get_model("registries", "Person")
    first = person_model.objects.create(province_id=province.pk, number=1)
    second = person_model.objects.create(province_id=province.pk, number=2)
    record = old.get_model("registries", "SourceRecord")
    expected = {}
    for i, (person, match) in enumerate([(first, "code"), (first, "auto"), (second, ""), (None, "")]):
        made = record.objects.create(
            source=source, external_id=f"r{i}", content_hash="-", person=person, match=match
        )
        # A linked record that had no class yet is a single; an unlinked one gets no link.
        expected[made.pk] = (person.pk, match or "single") if person else None

    new = _migrate(latest).loader.project_state(latest[0]).apps
    links = {
        pk: (person, match)
        for pk, person, match in new.get_model("registries", "RecordLink").objects.values_list(
            "record_id", "person_id", "match"
        )
    }
    assert links == {pk: value for pk, value in expected.items() if value is not None}

    back = _migrate(BEFORE).loader.project_state(BEFORE[0]).apps
    restored = dict(
        (pk, (person, match) if person else None)
        for pk, person, match in back.get_model("registries", "SourceRecord").objects.values_list(
            "pk", "person_id", "match"
        )
    )
    assert restored == expected
    _migrate(latest)
