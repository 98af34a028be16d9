"""The council's libraries of standard conditions, informatives and local plan policies (administrators).

Officers pick from these on a case; an entry is never deleted, only deactivated, so cases that used it keep it.
A condition needs its text and its reason: article 35(1)(a) of the Development Management Procedure Order 2015
requires the decision notice to give full reasons for every condition. Titles (policy references) are unique
within a council, ignoring case.
"""

from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from bops.accounts.models import Role, User
from bops.accounts.permissions import check_role
from bops.assessment.models import LibraryCondition, LibraryInformative, LibraryPolicy
from bops.core.audit import audit_record
from bops.core.errors import DomainError
from bops.councils.models import Council

LibraryItem = LibraryCondition | LibraryInformative | LibraryPolicy


@dataclass(frozen=True)
class ConditionDetails:
    title: str
    text: str
    reason: str
    pre_commencement: bool = False
    is_active: bool = True


@dataclass(frozen=True)
class InformativeDetails:
    title: str
    text: str
    is_active: bool = True


@dataclass(frozen=True)
class PolicyDetails:
    reference: str
    title: str
    text: str = ""
    url: str = ""
    is_active: bool = True


Details = ConditionDetails | InformativeDetails | PolicyDetails


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type[LibraryItem]
    details: type[Details]
    unique: str  # the field that is unique within a council
    required: tuple[tuple[str, str], ...]  # (field, what to say when it is empty)


KINDS = {
    "condition": Kind(
        "condition",
        LibraryCondition,
        ConditionDetails,
        "title",
        (("title", "Enter a title"), ("text", "Enter the condition"), ("reason", "Enter the reason for the condition")),
    ),
    "informative": Kind(
        "informative",
        LibraryInformative,
        InformativeDetails,
        "title",
        (("title", "Enter a title"), ("text", "Enter the informative")),
    ),
    "policy": Kind(
        "policy",
        LibraryPolicy,
        PolicyDetails,
        "reference",
        (("reference", "Enter the policy's reference"), ("title", "Enter a title")),
    ),
}
_KIND_OF = {kind.details: kind for kind in KINDS.values()}


def library_items(*, council: Council, kind: str, active_only: bool = False) -> QuerySet[Any]:
    items = KINDS[kind].model.objects.filter(council=council)
    return items.filter(is_active=True) if active_only else items


def library_item_get(*, council: Council, kind: str, item_id: int) -> LibraryItem | None:
    return library_items(council=council, kind=kind).filter(pk=item_id).first()


def _clean(details: Details) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in asdict(details).items()}


@transaction.atomic
def library_item_save(
    *, council: Council, user: User | None, details: Details, item_id: int | None = None
) -> LibraryItem:
    """Add an entry to one of the council's libraries (item_id None) or change one; `user` None is the system."""
    if user is not None:
        check_role(user, Role.ADMINISTRATOR)
    kind = _KIND_OF[type(details)]
    values = _clean(details)
    for name, message in kind.required:
        if not values[name]:
            raise DomainError(f"{message}.", field=name)
    items = kind.model.objects.select_for_update().filter(council=council)
    item = None
    if item_id is not None:
        item = items.filter(pk=item_id).first()
        if item is None:
            raise DomainError(f"There is no such {kind.slug} in your council's library.")
    clash = items.filter(**{f"{kind.unique}__iexact": values[kind.unique]})
    if item is not None:
        clash = clash.exclude(pk=item.pk)
    if clash.exists():
        raise DomainError(f"Your council already has a {kind.slug} with this {kind.unique}.", field=kind.unique)
    before = {name: getattr(item, name) for name in values} if item else {}
    item = item or kind.model(council=council)
    for name, value in values.items():
        setattr(item, name, value)
    item.save()
    event = f"library_{kind.slug}_{'added' if not before else 'changed'}"
    if before and before["is_active"] != item.is_active:
        event = f"library_{kind.slug}_{'reactivated' if item.is_active else 'deactivated'}"
    audit_record(council=council, user=user, event=event, data={"id": item.pk, "before": before, "after": values})
    return item


# --- The standard conditions a new council starts with ---------------------------------------------------------

STANDARD_CONDITIONS = (
    ConditionDetails(
        title="Time limit",
        text="The development must be begun within three years of the date of this permission.",
        reason=(
            "Required by section 91 of the Town and Country Planning Act 1990, as amended by section 51 of the "
            "Planning and Compulsory Purchase Act 2004."
        ),
    ),
    ConditionDetails(
        title="In accordance with the approved plans",
        text=(
            "The development must be carried out in accordance with the approved plans and documents listed in "
            "this notice."
        ),
        reason="For the avoidance of doubt, and in the interests of proper planning.",
    ),
    ConditionDetails(
        title="Materials to match",
        text=(
            "The materials used on the exterior of the development must match those of the existing building in "
            "type, colour and texture."
        ),
        reason="To protect the appearance of the building and the character of the area.",
    ),
)


@transaction.atomic
def library_standard_conditions_add(*, council: Council) -> list[LibraryCondition]:
    """Give a council the three standard conditions; those it already has (by title) are left as they are."""
    have = {t.lower() for t in LibraryCondition.objects.filter(council=council).values_list("title", flat=True)}
    added = []
    for details in STANDARD_CONDITIONS:
        if details.title.lower() not in have:
            added.append(library_item_save(council=council, user=None, details=details))
    return added  # type: ignore[return-value]
