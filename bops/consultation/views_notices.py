"""The site notice and press notice pages, and the printable site notice.

The site notice page has one form: whether a notice is needed, how it is put up and, once it is up, the day it went
up (with a photo), saved in one submit. The press notice page has two, posted to their own addresses, since a
press notice is requested first and published days later: whether it is needed and why, and its publication.
After a save the officer lands on the consultation's overview, which shows what publicity is still owed. A refused
form shows the page again with a GOV.UK error summary and a 400.
"""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bops.accounts.permissions import OFFICERS, role_required
from bops.applications.lifecycle import CLOSED
from bops.applications.models import PlanningApplication
from bops.applications.selectors import planning_application_get
from bops.consultation import notices, rules, selectors, services
from bops.consultation.forms_notices import PressNoticeForm, PressNoticePublishedForm, SiteNoticeForm, upload_from
from bops.core.dates import format_date
from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.pdf import qr_data_uri, render_pdf
from bops.core.views import render_page
from bops.register.selectors import register_url

TEMPLATES = "consultation/notices"


def _application(request: HttpRequest, reference: str) -> PlanningApplication:
    return planning_application_get(council=request.council, reference=reference)  # type: ignore[attr-defined]


def _open_for_work(application: PlanningApplication) -> str | None:
    """Why notices cannot be worked on for this case now; None when they can (the services check again)."""
    try:
        services.consultation_open_for_work(application)
    except DomainError as error:
        return error.message
    return None


def _context(request: HttpRequest, application: PlanningApplication, title: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": title,
        "application": application,
        "active_nav": "cases",
        "refused": _open_for_work(application),
        "view": selectors.consultation_view(application=application, today=timezone.localdate()),
        **extra,
    }


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


# --- Site notice ----------------------------------------------------------------------------------------------


def _site_notice_page(
    request: HttpRequest,
    application: PlanningApplication,
    *,
    form: SiteNoticeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    notice = notices.site_notice_of(application)
    form = form or SiteNoticeForm(
        initial={
            "required": _yes_no(notice.required) if notice else None,
            "delivery": notice.delivery if notice else None,
            "quantity": notice.quantity if notice else 1,
            "location_instructions": notice.location_instructions if notice else "",
            "displayed_on": notice.displayed_on.strftime("%d/%m/%Y") if notice and notice.displayed_on else "",
        }
    )
    context = _context(
        request,
        application,
        "Site notice",
        notice=notice,
        form=form,
        page_forms=[form],
        closing_date=notices.site_notice_closing_date(application, today=timezone.localdate()),
        days=rules.period_for("site_notice", eia=bool(application.eia_required)),
    )
    return render_page(request, f"{TEMPLATES}/site_notice.html", context, status=status)


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def site_notice(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    if request.method == "GET":
        return _site_notice_page(request, application)
    form = SiteNoticeForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            notice = notices.site_notice_save(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                choice=notices.SiteNoticeChoice(
                    required=data["required"] == "yes",
                    delivery=data.get("delivery") or "",
                    quantity=data.get("quantity") or 1,
                    location_instructions=data.get("location_instructions") or "",
                ),
                displayed_on=data.get("displayed_on"),
                photo=upload_from(data.get("photo")),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            application.refresh_from_db()
            messages.success(request, _site_notice_saved_message(notice, application))
            return redirect("consultation:overview", reference=reference)
    return _site_notice_page(request, application, form=form, status=400)


def _site_notice_saved_message(notice: Any, application: PlanningApplication) -> str:
    if not notice.required:
        return "Saved: the case does not need a site notice."
    if notice.displayed_on:
        end = application.consultation.end_date
        return f"Saved: the notice went up on {format_date(notice.displayed_on)}. " + (
            f"The consultation ends on {format_date(end)}." if end else ""
        )
    return {
        "internal": "Saved: the council's team has been emailed the notice to put up. Record the date when it is up.",
        "applicant": "Saved: the applicant has been emailed the notice and how to put it up. Record the date when "
        "it is up.",
        "print": "Saved: print the notice and put it up, then record the date.",
    }[notice.delivery]


@role_required(*OFFICERS)
@require_GET
def site_notice_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """The A4 notice to print, in the council's name, with a QR code to the case on the public register."""
    application = _application(request, reference)
    if not rules.needs_consultation(application.application_type.spec) or application.status in CLOSED:
        raise Http404("This case has no site notice.")
    link = register_url(application)
    pdf = render_pdf(
        "consultation/pdf/site_notice.html",
        {
            "application": application,
            "council": application.council,
            "closing_date": notices.site_notice_closing_date(application, today=timezone.localdate()),
            "register_link": link,
            "qr": qr_data_uri(link),
            "days": rules.period_for("site_notice", eia=bool(application.eia_required)),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="site-notice-{application.reference}.pdf"'
    return response


# --- Press notice ---------------------------------------------------------------------------------------------


def _press_notice_page(
    request: HttpRequest,
    application: PlanningApplication,
    *,
    form: PressNoticeForm | None = None,
    published_form: PressNoticePublishedForm | None = None,
    status: int = 200,
) -> HttpResponse:
    notice = notices.press_notice_of(application)
    form = form or PressNoticeForm(
        initial={
            "required": _yes_no(notice.required) if notice else None,
            "reasons": notice.reasons if notice else [],
            "other_reason": notice.other_reason if notice else "",
        }
    )
    published_form = published_form or PressNoticePublishedForm(
        initial={
            "published_on": notice.published_on.strftime("%d/%m/%Y") if notice and notice.published_on else "",
            "comment": notice.comment if notice else "",
        }
    )
    labels = dict(notices.PressNotice.Reason.choices)
    context = _context(
        request,
        application,
        "Press notice",
        notice=notice,
        reasons=[labels[r] for r in notice.reasons] if notice else [],
        form=form,
        published_form=published_form,
        page_forms=[form, published_form],
        days=rules.period_for("press_notice", eia=bool(application.eia_required)),
    )
    return render_page(request, f"{TEMPLATES}/press_notice.html", context, status=status)


@role_required(*OFFICERS)
@require_http_methods(["GET", "POST"])
def press_notice(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    if request.method == "GET":
        return _press_notice_page(request, application)
    form = PressNoticeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            notice = notices.press_notice_save(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                choice=notices.PressNoticeChoice(
                    required=data["required"] == "yes",
                    reasons=data.get("reasons") or [],
                    other_reason=data.get("other_reason") or "",
                ),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                "Saved: the press notice has been requested from "
                f"{application.council.email}. Record the date when it is published."
                if notice.required
                else "Saved: the case does not need a press notice.",
            )
            return redirect("consultation:overview", reference=reference)
    return _press_notice_page(request, application, form=form, status=400)


@role_required(*OFFICERS)
@require_POST
def press_notice_published(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    form = PressNoticePublishedForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            notice = notices.press_notice_published(
                council=request.council,  # type: ignore[attr-defined]
                application_id=application.pk,
                user=request.user,  # type: ignore[arg-type]
                published_on=form.cleaned_data["published_on"],
                evidence=upload_from(form.cleaned_data.get("evidence")),
                comment=form.cleaned_data.get("comment") or "",
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            application.refresh_from_db()
            end = application.consultation.end_date
            messages.success(
                request,
                f"Recorded: the notice was published on {format_date(notice.published_on)}. "  # type: ignore[arg-type]
                f"The consultation ends on {format_date(end)}."
                if end
                else "Recorded.",
            )
            return redirect("consultation:overview", reference=reference)
    return _press_notice_page(request, application, published_form=form, status=400)
