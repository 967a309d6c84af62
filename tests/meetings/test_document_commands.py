"""`qarargah minutes` and `qarargah invitation`: the file written, the exit codes and the Persian
messages, run the way the shell runs them (ManagementUtility, which turns errors into exit codes)."""

from __future__ import annotations

import hashlib
import zipfile

import pytest
from django.core.management import ManagementUtility

from qarargah.meetings.models import IssuedDocument
from tests.meetings.documents_world import demo_meetings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch):
    """run_from_argv closes every connection when a command ends; inside a test that would
    close the test's own transaction (on PostgreSQL), so that one step is left out."""
    from django.core.management import base

    monkeypatch.setattr(base.connections, "close_all", lambda: None)


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        ManagementUtility(["qarargah", *args]).execute()
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def meeting():
    return demo_meetings()[0]


def test_minutes_as_word_and_invitation_as_pdf_are_written_where_asked(capsys, tmp_path, meeting):
    target = tmp_path / "minutes.docx"
    code, out, _ = run(capsys, "minutes", str(meeting.pk), "--format", "docx", "-o", str(target))
    assert code == 0
    assert zipfile.ZipFile(target).testzip() is None
    issued = IssuedDocument.objects.get(meeting=meeting, kind="minutes", format="docx")
    assert issued.sha256 == hashlib.sha256(target.read_bytes()).hexdigest()
    assert f"کد تصدیق: {issued.code}" in out and issued.sha256 in out

    pdf = tmp_path / "invitation.pdf"
    code, out, _ = run(capsys, "invitation", str(meeting.pk), "--format", "pdf", "-o", str(pdf))
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")
    assert out.startswith("دعوتنامه جلسه")


def test_a_missing_meeting_or_a_bad_format_exits_non_zero_in_persian(capsys, tmp_path, meeting):
    target = tmp_path / "x.docx"
    code, _, err = run(capsys, "minutes", "999999", "--format", "docx", "-o", str(target))
    assert code == 1 and "جلسه‌ای با شناسه ۹۹۹۹۹۹ پیدا نشد." in err
    code, _, err = run(capsys, "minutes", str(meeting.pk), "--format", "odt", "-o", str(target))
    assert code == 2 and "قالب «odt» پشتیبانی نمی‌شود؛ یکی از docx یا pdf را بدهید." in err
    code, _, err = run(capsys, "invitation", "abc", "-o", str(target))
    assert code == 2 and "شناسه جلسه باید عدد باشد" in err
    code, _, err = run(capsys, "minutes", str(meeting.pk), "-o", str(tmp_path / "no" / "such" / "dir.docx"))
    assert code == 1 and "نوشتن فایل" in err
    assert not target.exists()


def test_with_user_the_command_sees_what_that_user_sees(capsys, tmp_path, people, meeting):
    target = tmp_path / "m.docx"
    code, _, err = run(capsys, "minutes", str(meeting.pk), "--user", people.markazi_secretariat.username, "-o", str(target))  # fmt: skip
    assert code == 1 and "پیدا نشد" in err  # another province's meeting: as if missing
    code, _, _ = run(
        capsys, "minutes", str(meeting.pk), "--user", people.secretariat.username, "-o", str(target)
    )
    assert code == 0 and target.exists()
    code, _, err = run(capsys, "minutes", str(meeting.pk), "--user", "nobody", "-o", str(target))
    assert code == 2 and "کاربر «nobody» پیدا نشد." in err
