"""Participation pages (issue 13): a body's roster of member agencies and their
representatives, a meeting's invitation and attendance, the review item, each person's Jalali
calendar and its private ``.ics`` feed.

Each view fetches through ``meetings.access`` (the same 404 for hidden and missing, 403 for
visible but not writable), calls one service or selector, and turns ``ServiceError`` into a
Persian message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qarargah.accounts.scoping import scope_for
from qarargah.core.errors import ServiceError
from qarargah.persian import to_persian_digits

from . import participation
from .access import (
    get_body_for_roster_reader,
    get_body_for_roster_writer,
    get_membership_for_representative_editor,
    runs_body,
)
from .participation_forms import QuorumForm, RepresentativeForm

if TYPE_CHECKING:
    from qarargah.accounts.models import User


def _user(request: HttpRequest) -> User:
    return cast("User", request.user)


def _fa(value: object) -> str:
    return to_persian_digits(str(value))


# --- Roster ------------------------------------------------------------------------------------------


@login_required
@require_GET
def roster(request: HttpRequest, body_pk: int) -> HttpResponse:
    user = _user(request)
    body = get_body_for_roster_reader(user, body_pk)
    writer = runs_body(user, body)
    members = list(participation.roster(body))
    scope = scope_for(user)
    for m in members:
        m.can_edit = writer or scope.acts_for(m.agency_id)  # type: ignore[attr-defined]
    missing = [m for m in members if not m.has_representative]
    return render(
        request,
        "meetings/participation/roster.html",
        {
            "body": body,
            "members": members,
            "missing": missing,
            "writer": writer,
            "quorum_form": QuorumForm(
                initial={"quorum_count": body.quorum_count, "quorum_fraction": body.quorum_fraction}
            )
            if writer
            else None,
            "quorum_rule": participation.quorum_rule_label(body),
            "required": participation.required_for_quorum(body, len(members)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def roster_member(request: HttpRequest, body_pk: int, pk: int) -> HttpResponse:
    user = _user(request)
    membership = get_membership_for_representative_editor(user, body_pk, pk)
    if request.method == "POST":
        form = RepresentativeForm(request.POST, membership=membership)
        if form.is_valid():
            data = participation.RepresentativeData(**form.cleaned_data)
            try:
                participation.name_representative(actor=user, membership=membership, data=data)
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"نماینده «{membership.agency}» در «{membership.body}» ثبت شد.")
                return redirect("meetings:roster", membership.body.pk)
    else:
        form = RepresentativeForm(
            membership=membership,
            initial={
                "representative": membership.representative_id,
                **{
                    name: getattr(membership, name)
                    for name in (
                        "representative_name",
                        "representative_title",
                        "representative_mobile",
                        "representative_email",
                        "deputy_name",
                        "deputy_title",
                        "deputy_mobile",
                        "deputy_email",
                    )
                },
            },
        )
    return render(
        request, "meetings/participation/roster_member.html", {"membership": membership, "form": form}
    )


@login_required
@require_POST
def roster_ask(request: HttpRequest, body_pk: int) -> HttpResponse:
    user = _user(request)
    body = get_body_for_roster_writer(user, body_pk)
    try:
        result = participation.ask_for_representatives(actor=user, body=body)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        if result.asked:
            names = "، ".join(str(m.agency) for m in result.asked)
            messages.success(
                request, f"از {_fa(len(result.asked))} دستگاه خواسته شد نماینده معرفی کنند: {names}."
            )
        if result.unreachable:
            names = "، ".join(str(m.agency) for m in result.unreachable)
            messages.warning(
                request,
                f"این دستگاه‌ها کاربری در سامانه ندارند و پیامی به آن‌ها نرسید؛ با نامه از آن‌ها بخواهید: {names}.",
            )
    return redirect("meetings:roster", body.pk)


@login_required
@require_POST
def roster_quorum(request: HttpRequest, body_pk: int) -> HttpResponse:
    user = _user(request)
    body = get_body_for_roster_writer(user, body_pk)
    form = QuorumForm(request.POST)
    if form.is_valid():
        try:
            body = participation.set_quorum_rule(
                actor=user,
                body=body,
                count=form.cleaned_data["quorum_count"],
                fraction=form.cleaned_data["quorum_fraction"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"حد نصاب «{body}» ثبت شد: {participation.quorum_rule_label(body)}.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("meetings:roster", body.pk)


urlpatterns = [
    path("bodies/<int:body_pk>/roster/", roster, name="roster"),
    path("bodies/<int:body_pk>/roster/<int:pk>/", roster_member, name="roster_member"),
    path("bodies/<int:body_pk>/roster/ask/", roster_ask, name="roster_ask"),
    path("bodies/<int:body_pk>/roster/quorum/", roster_quorum, name="roster_quorum"),
]
