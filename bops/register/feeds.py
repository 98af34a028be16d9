"""Atom 1.0 feeds of a council's register: the applications most recently received, and the decisions most
recently made. Feed readers and councils' websites follow these; each entry links to the case's page."""

from datetime import datetime, time

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from bops.core.dates import LONDON, format_date
from bops.councils.models import Council
from bops.register.search import PRIOR_APPROVAL_PREFIX, register_applications
from bops.register.status import decision_label

FEED_SIZE = 50


def _feed(request: HttpRequest, *, council: Council, title: str, subtitle: str, name: str) -> Atom1Feed:
    return Atom1Feed(
        title=f"{council.name}: {title}",
        link=request.build_absolute_uri(reverse("register:search")),
        description=subtitle,
        feed_url=request.build_absolute_uri(reverse(name)),
        feed_guid=request.build_absolute_uri(reverse(name)),
        author_name=council.name,
        language="en-GB",
    )


def new_applications_feed(request: HttpRequest, *, council: Council) -> Atom1Feed:
    """The 50 applications most recently received."""
    feed = _feed(
        request,
        council=council,
        title="new planning applications",
        subtitle=f"The {FEED_SIZE} planning applications the council received most recently.",
        name="register:feed-new",
    )
    cases = register_applications(council=council).select_related("application_type").order_by("-received_at", "-id")
    for application in cases[:FEED_SIZE]:
        application.council = council
        link = request.build_absolute_uri(reverse("register:application", args=[application.reference]))
        feed.add_item(
            title=f"{application.reference_in_full}: {application.address}",
            link=link,
            unique_id=link,
            description=(
                f"{application.application_type.description}. {application.description} "
                f"Received {format_date(timezone.localtime(application.received_at).date())}."
            ),
            pubdate=application.received_at,
            updateddate=application.received_at,
        )
    return feed


def decisions_feed(request: HttpRequest, *, council: Council) -> Atom1Feed:
    """The 50 applications most recently decided, with the decision."""
    feed = _feed(
        request,
        council=council,
        title="planning decisions",
        subtitle=f"The {FEED_SIZE} planning applications the council decided most recently.",
        name="register:feed-decisions",
    )
    cases = (
        register_applications(council=council)
        .filter(determined_at__isnull=False)
        .select_related("application_type", "determination")
        .order_by("-determined_at", "-id")
    )
    for application in cases[:FEED_SIZE]:
        application.council = council
        determination = getattr(application, "determination", None)
        label = decision_label(
            determination.decision if determination else "",
            prior_approval=application.application_type.code.startswith(PRIOR_APPROVAL_PREFIX),
        )
        decided_on = (
            determination.determined_on if determination else timezone.localtime(application.determined_at).date()
        )
        moment: datetime = application.determined_at or datetime.combine(decided_on, time(12), tzinfo=LONDON)
        link = request.build_absolute_uri(reverse("register:application", args=[application.reference]))
        feed.add_item(
            title=f"{application.reference_in_full}: {application.address}",
            link=link,
            unique_id=f"{link}#decision",
            description=(
                f"Decision: {label.value if label else 'decided'} on {format_date(decided_on)}. "
                f"{application.application_type.description}. {application.description}"
            ),
            pubdate=moment,
            updateddate=moment,
        )
    return feed
