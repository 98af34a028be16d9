"""The public parts of a case in ODP shapes: its published documents (PostSubmissionFileRedacted), its public
comments (PublicCommentsRedacted) and its specialists' comments (SpecialistCommentsRedacted).

Only what the register already shows leaves here: documents marked publishable and not archived, and comments and
consultee responses an officer has redacted, in their redacted text. Callers pass the items to list, so the
endpoints keep control of filtering and pagination; the summaries always count every published item of the case.

Who is named:
- a public commenter's name is published only when the officer's redaction kept it (the name appears in the
  redacted text); otherwise the author is "Member of the public". BOPS publishes only the redacted text, and an
  officer who took the name out of the text did not mean it to be public;
- a consultee is named by their organisation (and role, as `jobTitle`), never by the person's name or email,
  as BOPS publishes consultees (organisation and job title only).
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from bops.applications.models import ApplicationConstraint, PlanningApplication
from bops.consultation.models import CaseConsultee, ConsulteeResponse, ConsulteeStance, PublicComment, Stance
from bops.documents.models import Document

ANONYMOUS = "Member of the public"

# ODP PublicCommentSentiment and SpecialistCommentSentiment, from this system's stances.
PUBLIC_SENTIMENT = {Stance.SUPPORT: "supportive", Stance.NEUTRAL: "neutral", Stance.OBJECTION: "objection"}
SPECIALIST_SENTIMENT = {
    ConsulteeStance.NO_OBJECTION: "approved",
    ConsulteeStance.AMENDMENTS_NEEDED: "amendmentsNeeded",
    ConsulteeStance.OBJECTION: "objected",
}

# ODP PrototypeFileType (v0.7.7): a document's tags that are among these are its ODP file types; other tags (this
# system's own, such as "internal.consulteeResponse") are not published as types. The schema test checks this list
# against the installed schema.
PROTOTYPE_FILE_TYPES = frozenset(
    (
        "accessRoadsRightsOfWayDetails",
        "advertsDrawings",
        "affordableHousingStatement",
        "applicationSubmission",
        "arboriculturistReport",
        "bankStatement",
        "basementImpactStatement",
        "bioaerosolAssessment",
        "biodiversityNetGainInformation",
        "birdstrikeRiskManagementPlan",
        "boreholeOrTrialPitAnalysis",
        "buildingControlCertificate",
        "conditionSurvey",
        "constructionInvoice",
        "contaminationReport",
        "councilTaxBill",
        "crimePreventionStrategy",
        "decisionNotice",
        "designAndAccessStatement",
        "disabilityExemptionEvidence",
        "ecologyReport",
        "elevations.existing",
        "elevations.proposed",
        "emissionsMitigationAndMonitoringScheme",
        "energyStatement",
        "environmentalImpactAssessment",
        "externalMaterialsDetails",
        "fireSafetyReport",
        "floodRiskAssessment",
        "floorPlan.existing",
        "floorPlan.proposed",
        "foulDrainageAssessment",
        "geodiversityAssessment",
        "hedgerowsInformation",
        "hedgerowsInformation.plantingDate",
        "heritageStatement",
        "hydrologicalAssessment",
        "hydrologyReport",
        "internalElevations",
        "internalSections",
        "joinersReport",
        "joinerySections",
        "landContaminationAssessment",
        "landscapeAndVisualImpactAssessment",
        "landscapeStrategy",
        "lightingAssessment",
        "litterVerminAndBirdControlDetails",
        "locationPlan",
        "methodStatement",
        "mineralsAndWasteAssessment",
        "necessaryInformation",
        "newDwellingsSchedule",
        "noiseAssessment",
        "openSpaceAssessment",
        "otherDocument",
        "otherDrawing",
        "otherEvidence",
        "otherSupporting",
        "parkingPlan",
        "photographs.existing",
        "photographs.proposed",
        "planningStatement",
        "recycleWasteStorageDetails",
        "relevantInformation",
        "residentialUnitsDetails",
        "roofPlan.existing",
        "roofPlan.proposed",
        "sections.existing",
        "sections.proposed",
        "sitePlan.existing",
        "sitePlan.proposed",
        "sketchPlan",
        "statementOfCommunityInvolvement",
        "statutoryDeclaration",
        "storageTreatmentAndWasteDisposalDetails",
        "streetScene",
        "subsidenceReport",
        "sunlightAndDaylightReport",
        "sustainabilityStatement",
        "technicalEvidence",
        "technicalSpecification",
        "tenancyAgreement",
        "tenancyInvoice",
        "townCentreImpactAssessment",
        "townCentreSequentialAssessment",
        "transportAssessment",
        "travelPlan",
        "treeAndHedgeLocation",
        "treeAndHedgeRemovedOrPruned",
        "treeCanopyCalculator",
        "treeConditionReport",
        "treesReport",
        "treeSurvey",
        "unitPlan.existing",
        "unitPlan.proposed",
        "usePlan.existing",
        "usePlan.proposed",
        "utilityBill",
        "utilitiesStatement",
        "ventilationStatement",
        "viabilityAppraisal",
        "visualisations",
        "wasteAndRecyclingStrategy",
        "wasteStorageDetails",
        "waterEnvironmentAssessment",
    )
)


def utc(moment: datetime) -> str:
    """ODP `...At` fields: ISO 8601 in UTC, to the second, with a Z."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def day(value: date) -> str:
    """ODP `...Date` fields: YYYY-MM-DD."""
    return value.isoformat()


def document_url(*, application: PlanningApplication, document: Document, base_url: str) -> str:
    """The document on the public register (the register serves only published documents)."""
    return f"{base_url}/planning-applications/{application.reference}/documents/{document.pk}"


def is_public_document(document: Document) -> bool:
    return document.publishable and document.archived_at is None


# --- Files -----------------------------------------------------------------------------------------------------


def file_types(document: Document) -> list[str]:
    return [tag for tag in document.tags if tag in PROTOTYPE_FILE_TYPES]


def published_file(
    *, application: PlanningApplication, document: Document, base_url: str, association: str = "application"
) -> dict[str, Any]:
    """One PostSubmissionFileRedacted. `publishedAt` is when the officer reviewed (and so published) it, or when
    the system made it (a decision notice is published as it is issued)."""
    item: dict[str, Any] = {
        "id": document.pk,
        "name": document.name,
        "association": association,
        "type": file_types(document),
        "redactedUrl": document_url(application=application, document=document, base_url=base_url),
        "metadata": {
            "size": {"bytes": document.size},
            "mimeType": document.content_type,
            "createdAt": utc(document.created_at),
            "submittedAt": utc(document.received_at),
            "publishedAt": utc(document.reviewed_at or document.created_at),
        },
    }
    if document.drawing_numbers:
        item["referencesInDocument"] = list(document.drawing_numbers)
    return item


def published_files(
    *, application: PlanningApplication, documents: Iterable[Document], base_url: str
) -> list[dict[str, Any]]:
    """The given documents that are published, as PostSubmissionFileRedacted, in the order given."""
    return [
        published_file(application=application, document=document, base_url=base_url)
        for document in documents
        if is_public_document(document)
    ]


# --- Public comments -------------------------------------------------------------------------------------------


def author_name(comment: PublicComment) -> str:
    """The commenter's name only when the officer's redaction kept it in the published text."""
    name = comment.name.strip()
    if name and name.casefold() in comment.redacted_text.casefold():
        return name
    return ANONYMOUS


def public_comment(comment: PublicComment) -> dict[str, Any]:
    """One PublicCommentRedacted: the redacted text, never the original, the address or the email."""
    assert comment.redacted_at is not None  # callers pass published comments only
    return {
        "id": str(comment.pk),
        "sentiment": PUBLIC_SENTIMENT[Stance(comment.stance)],
        "author": {"name": {"singleLine": author_name(comment)}},
        "commentRedacted": comment.redacted_text,
        "metadata": {"submittedAt": utc(comment.received_at), "publishedAt": utc(comment.redacted_at)},
    }


def public_summary(stances: Iterable[str]) -> dict[str, Any]:
    """PublicCommentSummary over the stances of every published comment."""
    counts = Counter(PUBLIC_SENTIMENT[Stance(stance)] for stance in stances)
    return {
        "totalComments": sum(counts.values()),
        "sentiment": {sentiment: counts[sentiment] for sentiment in PUBLIC_SENTIMENT.values()},
    }


def public_comments_block(*, published: Sequence[PublicComment], page: Iterable[PublicComment]) -> dict[str, Any]:
    """`comments.public` from the case's published comments (for the summary) and those to list."""
    return {
        "summary": public_summary(c.stance for c in published),
        "comments": [public_comment(c) for c in page if c.is_published],
    }


def public_comments(*, application: PlanningApplication, comments: Iterable[PublicComment]) -> dict[str, Any]:
    """PublicCommentsRedacted: the summary over all the case's published comments (one query), and `comments`
    (the caller's filtered, paginated page) as published comments; unpublished ones are left out."""
    stances = PublicComment.objects.filter(
        council=application.council_id, application=application, redacted_at__isnull=False
    ).values_list("stance", flat=True)
    return {
        "summary": public_summary(stances),
        "comments": [public_comment(c) for c in comments if c.is_published],
    }


# --- Specialist comments ---------------------------------------------------------------------------------------


def specialist_comment(
    response: ConsulteeResponse, *, application: PlanningApplication, base_url: str | None = None
) -> dict[str, Any]:
    """One SpecialistCommentRedacted; its files are those of the response's documents that are published."""
    assert response.redacted_at is not None  # callers pass published responses only
    item: dict[str, Any] = {
        "id": str(response.pk),
        "sentiment": SPECIALIST_SENTIMENT[ConsulteeStance(response.stance)],
        "commentRedacted": response.redacted_text,
        "metadata": {"submittedAt": utc(response.received_at), "publishedAt": utc(response.redacted_at)},
    }
    if base_url is not None:
        files = [
            published_file(application=application, document=d, base_url=base_url, association="specialistComment")
            for d in response.documents.all()
            if is_public_document(d)
        ]
        if files:
            item["files"] = files
    return item


def _matching_constraints(
    case_consultee: CaseConsultee, constraints: Sequence[ApplicationConstraint]
) -> list[ApplicationConstraint]:
    codes = set(case_consultee.consultee.constraint_codes or [])
    return [c for c in constraints if c.code in codes and c.removed_at is None]


def specialist(
    *,
    application: PlanningApplication,
    case_consultee: CaseConsultee,
    responses: Iterable[ConsulteeResponse],
    constraints: Sequence[ApplicationConstraint] = (),
    base_url: str | None = None,
) -> dict[str, Any]:
    """One SpecialistRedacted: the organisation (never the person's name or email), why they were consulted, and
    their published responses among `responses`, latest first. `base_url` adds the responses' published files."""
    consultee = case_consultee.consultee
    matched = _matching_constraints(case_consultee, constraints)
    published = sorted(
        (r for r in responses if r.is_published and r.case_consultee_id == case_consultee.pk),
        key=lambda r: (r.received_at, r.pk),
        reverse=True,
    )
    item: dict[str, Any] = {
        "id": str(case_consultee.pk),
        "name": {"singleLine": consultee.organisation},
        "organisationSpecialism": consultee.organisation,
        "reason": "constraint" if matched else "other",
        "comments": [specialist_comment(r, application=application, base_url=base_url) for r in published],
    }
    if consultee.role:
        item["jobTitle"] = consultee.role
    if matched:
        item["constraints"] = [{"value": c.code, "description": c.description, "intersects": True} for c in matched]
    if case_consultee.emailed_at is not None:
        item["firstConsultedAt"] = utc(case_consultee.emailed_at)
    return item


def specialist_summary(*, consulted: int, stances: Iterable[str]) -> dict[str, Any]:
    """SpecialistCommentSummary: `consulted` specialists emailed, and the stances of every published response."""
    counts = Counter(SPECIALIST_SENTIMENT[ConsulteeStance(stance)] for stance in stances)
    return {
        "totalConsulted": consulted,
        "totalComments": sum(counts.values()),
        "sentiment": {sentiment: counts[sentiment] for sentiment in SPECIALIST_SENTIMENT.values()},
    }


def specialist_comments_block(
    *,
    application: PlanningApplication,
    case_consultees: Sequence[CaseConsultee],
    responses: Sequence[ConsulteeResponse],
    constraints: Sequence[ApplicationConstraint],
    base_url: str | None,
) -> dict[str, Any]:
    """`comments.specialist` from everything already loaded (the batch builder's form: no queries but the
    prefetched ones)."""
    published = [r for r in responses if r.is_published]
    return {
        "summary": specialist_summary(
            consulted=sum(1 for c in case_consultees if c.emailed_at is not None),
            stances=[r.stance for r in published],
        ),
        "comments": [
            specialist(
                application=application,
                case_consultee=case_consultee,
                responses=published,
                constraints=constraints,
                base_url=base_url,
            )
            for case_consultee in case_consultees
        ],
    }


def specialist_comments(
    *,
    application: PlanningApplication,
    case_consultees: Iterable[CaseConsultee],
    responses: Iterable[ConsulteeResponse],
) -> dict[str, Any]:
    """SpecialistCommentsRedacted: the summary over the whole case (two queries), and one SpecialistRedacted for
    each of `case_consultees` (the caller's page, with `consultee` loaded) carrying its published responses among
    `responses` (the caller's filter)."""
    consulted = CaseConsultee.objects.filter(
        council=application.council_id, consultation__application=application, emailed_at__isnull=False
    ).count()
    stances = ConsulteeResponse.objects.filter(
        council=application.council_id,
        case_consultee__consultation__application=application,
        redacted_at__isnull=False,
    ).values_list("stance", flat=True)
    constraints = list(ApplicationConstraint.objects.filter(application=application, removed_at__isnull=True))
    published = [r for r in responses if r.is_published]
    return {
        "summary": specialist_summary(consulted=consulted, stances=stances),
        "comments": [
            specialist(application=application, case_consultee=c, responses=published, constraints=constraints)
            for c in case_consultees
        ],
    }
