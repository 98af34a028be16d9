"""Intake: store what arrives, then turn it into a case. Nothing a sender posts is lost, and nothing is made twice.

`submission_receive` stores the raw body first, in its own transaction. `submission_process` (a background task)
parses, validates, fetches the files and only then makes the case, its details and documents in one transaction,
so a submission that fails part-way leaves no half-made case. The synchronous BOPS route
(`POST /api/v2/planning_applications`) makes the case in `pending` inside the request, to answer with its
reference; the task then adds the documents and accepts it, as BOPS does.
"""

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from bops.accounts.models import Role
from bops.accounts.permissions import check_role
from bops.applications import services as applications
from bops.applications.boundary import parse_boundary
from bops.applications.lifecycle import Event
from bops.applications.models import ApplicationType, PlanningApplication, Status
from bops.core.audit import audit_record
from bops.core.errors import DomainError
from bops.councils.models import ApiKey, Council
from bops.documents.fetcher import FetchedFile, FetchError, FileFetcher, HttpFileFetcher
from bops.documents.services import document_add
from bops.submissions.models import Submission, SubmittedDetails
from bops.submissions.odp import OdpApplication, OdpError, parse_application
from bops.submissions.schema import validate_strictly

logger = logging.getLogger(__name__)

HEADERS_KEPT = {
    "CONTENT_TYPE": "Content-Type",
    "CONTENT_LENGTH": "Content-Length",
    "HTTP_USER_AGENT": "User-Agent",
    "HTTP_IDEMPOTENCY_KEY": "Idempotency-Key",
    "HTTP_X_REQUEST_ID": "X-Request-Id",
    "HTTP_X_FORWARDED_FOR": "X-Forwarded-For",
    "HTTP_HOST": "Host",
    "REMOTE_ADDR": "Remote-Addr",
}


class SubmissionRejected(Exception):
    """Why a submission cannot become a case: a list of {pointer, message}, and an HTTP status for the sync route."""

    def __init__(self, errors: list[dict[str, str]], *, status: int = 400) -> None:
        super().__init__("; ".join(f"{e['pointer'] or '/'}: {e['message']}" for e in errors))
        self.errors = errors
        self.status = status


def _error(pointer: str, message: str, *, status: int = 400) -> SubmissionRejected:
    return SubmissionRejected([{"pointer": pointer, "message": message}], status=status)


# --- Receiving ------------------------------------------------------------------------------------


def _dedupe_key(body: bytes, meta: Mapping[str, Any]) -> str:
    header = str(meta.get("HTTP_IDEMPOTENCY_KEY", "")).strip()
    if header:
        return f"key:{header[:190]}"
    try:
        metadata_id = json.loads(body)["metadata"]["id"]
    except (ValueError, TypeError, KeyError, RecursionError):
        return ""
    return f"odp:{str(metadata_id)[:190]}" if metadata_id else ""


def submission_receive(
    *, council: Council, api_key: ApiKey | None, route: str, body: bytes, meta: Mapping[str, Any]
) -> Submission:
    """Store the body as it came, before anything else. A resend of a live submission is kept as a duplicate."""
    fields = {
        "council": council,
        "api_key": api_key,
        "route": route,
        "body": body,
        "headers": {name: str(meta[key]) for key, name in HEADERS_KEPT.items() if meta.get(key)},
        "received_at": timezone.now(),
        "dedupe_key": _dedupe_key(body, meta),
    }
    with transaction.atomic():
        try:
            with transaction.atomic():
                return Submission.objects.create(**fields)
        except IntegrityError:
            original = (
                Submission.objects.filter(council=council, dedupe_key=fields["dedupe_key"], duplicate_of__isnull=True)
                .exclude(state=Submission.State.FAILED)
                .first()
            )
            return Submission.objects.create(**fields, duplicate_of=original, state=Submission.State.DUPLICATE)


def submission_fail(*, submission: Submission, errors: list[dict[str, str]]) -> Submission:
    submission.state = Submission.State.FAILED
    submission.errors = errors
    submission.processed_at = timezone.now()
    submission.save(update_fields=["state", "errors", "processed_at", "updated_at"])
    return submission


# --- Turning a submission into a case --------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    odp: OdpApplication
    application_type: ApplicationType


def submission_prepare(*, submission: Submission) -> Prepared:
    """Everything that can be checked without fetching files or writing: raises SubmissionRejected."""
    if not bytes(submission.body).strip():
        raise _error("", "The body is empty: send an ODP Application as JSON.")
    content_type = submission.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise _error("", f"Send the body as application/json, not {content_type or 'no content type'}.", status=415)
    try:
        payload = json.loads(bytes(submission.body))
    except (ValueError, RecursionError) as error:
        raise _error("", f"The body is not valid JSON ({error}).") from error
    try:
        odp = parse_application(payload)
    except OdpError as error:
        raise SubmissionRejected([{"pointer": e.pointer, "message": e.message} for e in error.errors]) from error
    strict = validate_strictly(payload)
    if strict:
        raise SubmissionRejected([{"pointer": e.pointer, "message": e.message} for e in strict])
    application_type = ApplicationType.objects.filter(
        council=submission.council, code=odp.application_type_code
    ).first()
    if application_type is None:
        raise _error(
            "/data/application/type/value",
            f"{odp.application_type_code} is not an ODP application type this system knows.",
            status=422,
        )
    if not application_type.is_active:
        raise _error(
            "/data/application/type/value",
            f"{application_type.description} ({application_type.code}) "
            f"applications are not accepted by {submission.council.name}.",
            status=422,
        )
    if odp.boundary is not None:
        try:
            parse_boundary(odp.boundary)
        except DomainError as error:
            raise _error("/data/proposal/boundary/site", error.message, status=422) from error
    return Prepared(odp=odp, application_type=application_type)


def _person(person: Any) -> applications.Person:
    return applications.Person(
        name=person.name,
        email=person.email or "",
        phone=person.phone or "",
        address=person.address_text or "",
        company=person.company or "",
    )


def submission_create_application(*, submission: Submission, prepared: Prepared) -> PlanningApplication:
    """The case in `pending`, with what was submitted beyond its own fields. Runs inside the caller's transaction."""
    odp = prepared.odp
    site = odp.site
    try:
        application = applications.planning_application_create(
            council=submission.council,
            user=None,
            application_type=prepared.application_type,
            site=applications.Site(
                address_line_1=site.line_1 or site.title or "",
                address_line_2=site.line_2 or "",
                town=site.town or "",
                postcode=site.postcode or "",
                uprn=site.uprn or "",
                latitude=site.latitude,
                longitude=site.longitude,
            ),
            description=odp.description,
            applicant=_person(odp.applicant),
            agent=_person(odp.agent) if odp.agent else None,
            boundary=odp.boundary,
            submitted_at=odp.submitted_at or submission.received_at,
        )
    except DomainError as error:
        pointer = {
            "applicant_email": "/data/applicant/email",
            "boundary": "/data/proposal/boundary/site",
            "description": "/data/proposal/description",
        }.get(error.field or "", "")
        raise _error(pointer, error.message, status=422) from error
    SubmittedDetails.objects.create(
        application=application,
        submission=submission,
        responses=[{"question": r.question, "answers": list(r.answers)} for r in odp.responses],
        designations=[
            {
                "value": d.value,
                "description": d.description,
                "intersects": d.intersects,
                "source": submission.api_key.name if submission.api_key else "Submission",
            }
            for d in odp.designations
        ],
        fee=_fee(odp),
        declarations=odp.declarations or {},
        ownership={"certificate": odp.ownership.certificate, "owners": list(odp.ownership.owners)}
        if odp.ownership
        else {},
        agent_acts=odp.agent_acts,
        requested_files={
            level: [{"value": value, "description": description} for value, description in files]
            for level, files in odp.requested_files.items()
        },
    )
    applications.planning_application_constraints_record(
        application=application,
        found=[(d.value, d.description or d.value) for d in odp.designations if d.intersects],
    )
    submission.application = application
    submission.save(update_fields=["application", "updated_at"])
    return application


def _fee(odp: OdpApplication) -> dict[str, Any]:
    fee = odp.fee
    if fee is None:
        return {}

    def money(value: Any) -> str | None:
        return None if value is None else str(value)

    return {
        "payable": money(fee.payable),
        "calculated": money(fee.calculated),
        "exemptions": list(fee.exemptions),
        "reductions": list(fee.reductions),
        "payment_reference": fee.payment_reference,
        "payment_amount": money(fee.payment_amount),
    }


def default_fetcher() -> FileFetcher:
    return HttpFileFetcher(
        timeout=settings.FILE_FETCH_TIMEOUT_SECONDS,
        max_bytes=settings.FILE_FETCH_MAX_BYTES,
        attempts=settings.FILE_FETCH_ATTEMPTS,
        headers=settings.FILE_FETCH_HEADERS,
    )


def submission_fetch_files(*, prepared: Prepared, fetcher: FileFetcher) -> list[tuple[FetchedFile, tuple[str, ...]]]:
    """Every listed file, or SubmissionRejected naming each one that could not be had."""
    fetched, errors = [], []
    allowed = {host.lower() for host in settings.FILE_FETCH_ALLOWED_HOSTS}
    for index, file in enumerate(prepared.odp.files):
        host = (urlsplit(file.url).hostname or "").lower()
        if allowed and host not in allowed:
            errors.append(
                {
                    "pointer": f"/files/{index}/name",
                    "message": f"Files are not fetched from {host}: "
                    "it is not one of the council's file hosts (FILE_FETCH_ALLOWED_HOSTS).",
                }
            )
            continue
        try:
            fetched.append((fetcher.fetch(file.url), file.tags))
        except FetchError as error:
            errors.append({"pointer": f"/files/{index}/name", "message": str(error)})
    if errors:
        raise SubmissionRejected(errors, status=422)
    return fetched


def _complete(
    *, submission: Submission, application: PlanningApplication, files: list[tuple[FetchedFile, tuple[str, ...]]]
) -> None:
    """Add the documents, accept the case and send the receipts. Runs inside the caller's transaction."""
    for fetched, tags in files:
        document_add(
            application=application,
            user=None,
            name=fetched.filename,
            content=fetched.content,
            content_type=fetched.content_type,
            tags=list(tags),
            received_at=submission.received_at,
        )
    if application.status == Status.PENDING:
        application = applications.planning_application_transition(
            council=application.council, application_id=application.pk, user=None, event=Event.ACCEPT
        )
        transaction.on_commit(lambda: applications.planning_application_send_receipt(application=application))
    submission.state = Submission.State.COMPLETED
    submission.errors = []
    submission.processed_at = timezone.now()
    submission.save(update_fields=["state", "errors", "processed_at", "updated_at"])


def submission_process(*, submission_id: Any, fetcher: FileFetcher | None = None) -> Submission:
    """The background task's work. Safe to run twice: a completed or duplicate submission is left alone."""
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("council", "api_key")
            .get(pk=submission_id)
        )
        if submission.state in (Submission.State.COMPLETED, Submission.State.DUPLICATE):
            return submission
        submission.state = Submission.State.PROCESSING
        submission.attempts += 1
        submission.save(update_fields=["state", "attempts", "updated_at"])
    try:
        prepared = submission_prepare(submission=submission)
        files = submission_fetch_files(prepared=prepared, fetcher=fetcher or default_fetcher())
        with transaction.atomic():
            submission = Submission.objects.select_for_update().get(pk=submission.pk)
            application = submission.application or submission_create_application(
                submission=submission, prepared=prepared
            )
            _complete(submission=submission, application=application, files=files)
    except SubmissionRejected as rejected:
        return submission_fail(submission=submission, errors=rejected.errors)
    except Exception:
        logger.exception("Submission %s stopped unexpectedly", submission_id)
        return submission_fail(
            submission=submission,
            errors=[
                {
                    "pointer": "",
                    "message": "Processing stopped unexpectedly. The error is in the server's log; "
                    "an administrator can retry the submission.",
                }
            ],
        )
    return submission


def submission_retry(*, council: Council, user: Any, submission_id: Any) -> Submission:
    """An administrator sends a failed submission round again."""
    check_role(user, Role.ADMINISTRATOR)
    with transaction.atomic():
        submission = Submission.objects.select_for_update().filter(council=council, pk=submission_id).first()
        if submission is None:
            raise DomainError("There is no such submission in your council.")
        if submission.state != Submission.State.FAILED:
            raise DomainError("Only a failed submission can be retried.")
        if (
            submission.dedupe_key
            and Submission.objects.filter(council=council, dedupe_key=submission.dedupe_key, duplicate_of__isnull=True)
            .exclude(pk=submission.pk)
            .exclude(state=Submission.State.FAILED)
            .exists()
        ):
            raise DomainError("A later submission with the same id has been received; retry that one instead.")
        submission.state = Submission.State.RECEIVED
        submission.save(update_fields=["state", "updated_at"])
        audit_record(council=council, user=user, event="submission_retried", data={"submission": str(submission.pk)})
        from bops.submissions.tasks import process_submission  # the task module imports this one

        transaction.on_commit(lambda: process_submission.enqueue(str(submission.pk)))
    return submission
