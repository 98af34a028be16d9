"""parse_application: every field intake uses lands in the right place, and every bad input is reported with
the JSON Pointer of the offending value, all problems at once."""

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bops.submissions.odp import (
    OdpError,
    OdpPerson,
    PointerError,
    parse_application,
    parse_schema_url,
)
from bops.submissions.tests.payloads import (
    DELETE,
    SCHEMA_URL,
    delete_at,
    householder_payload,
    ldc_proposed_payload,
    prior_approval_payload,
    set_at,
)


def errors_of(payload) -> list[PointerError]:
    with pytest.raises(OdpError) as caught:
        parse_application(payload)
    return caught.value.errors


def pointers_of(payload) -> list[str]:
    return [error.pointer for error in errors_of(payload)]


# --- Where each field lands -----------------------------------------------------------------------------------


def test_metadata_and_type():
    application = parse_application(householder_payload())

    assert application.schema_url == SCHEMA_URL
    assert (application.schema_version, application.schema_name) == ("v0.7.7", "application")
    assert application.metadata_id == "0195a0c2-6d3e-7b41-9a55-2f1c8e7d4b10"
    assert application.source == "PlanX"
    assert application.organisation == "SWK"
    assert application.submitted_at == datetime(2025, 3, 14, 10, 21, 7, 512000, tzinfo=UTC)
    assert application.application_type_code == "pp.full.householder"
    assert application.application_type_description == "Planning Permission - Full householder"
    assert application.user_role == "agent"


def test_submitted_at_keeps_the_offset_and_accepts_lower_case_t_and_z():
    assert parse_application(ldc_proposed_payload()).submitted_at.utcoffset() == timedelta(0)
    offset = parse_application(ldc_proposed_payload(metadata__submittedAt="2025-01-20T16:45:00+01:00"))
    assert offset.submitted_at == datetime(2025, 1, 20, 16, 45, tzinfo=timezone(timedelta(hours=1)))
    lower = parse_application(ldc_proposed_payload(metadata__submittedAt="2023-10-02t00:00:00z"))
    assert lower.submitted_at == datetime(2023, 10, 2, tzinfo=UTC)


def test_site_from_an_ordnance_survey_address():
    site = parse_application(householder_payload()).site

    assert site.line_1 == "11, CAMBERWELL GROVE"
    assert site.line_2 == ""
    assert (site.town, site.postcode) == ("LONDON", "SE5 8JA")
    assert (site.uprn, site.usrn) == ("200003453480", "22504211")
    assert (site.latitude, site.longitude) == (51.4712893, -0.0874231)
    assert (site.x, site.y) == (532851.42, 176430.17)
    assert site.title == "11, CAMBERWELL GROVE, LONDON"


def test_site_line_1_joins_secondary_and_primary_objects_and_street():
    assert parse_application(ldc_proposed_payload()).site.line_1 == "FLAT B, 27, ELM ROAD"

    ranged = ldc_proposed_payload(
        data__property__address__saoEnd="FLAT D",
        data__property__address__paoEnd="29",
        data__property__address__organisation="ELM HOUSING CO-OP",
    )
    site = parse_application(ranged).site
    assert site.line_1 == "FLAT B–FLAT D, 27–29, ELM ROAD"
    assert site.line_2 == "ELM HOUSING CO-OP"


def test_site_falls_back_to_the_title_for_an_address_proposed_by_the_applicant():
    proposed = {
        "source": "Proposed by applicant",
        "title": "Land to the rear of 9 Mill Lane",
        "latitude": 51.5603,
        "longitude": -0.7079,
        "x": 489830,
        "y": 185330,
    }
    site = parse_application(prior_approval_payload(data__property__address=proposed)).site

    assert site.line_1 == "Land to the rear of 9 Mill Lane"
    assert (site.uprn, site.usrn, site.postcode) == ("", "", "")
    assert site.x == 489830.0


def test_uprn_sent_as_a_number_is_kept_as_text():
    site = parse_application(prior_approval_payload(data__property__address__uprn=100080375542)).site
    assert site.uprn == "100080375542"


def test_boundary_and_description():
    payload = householder_payload()
    application = parse_application(payload)

    assert application.boundary == payload["data"]["proposal"]["boundary"]["site"]
    assert application.boundary["geometry"]["type"] == "Polygon"
    assert application.description.startswith("Single-storey rear extension with a flat roof")
    assert parse_application(prior_approval_payload()).boundary is None


def test_boundary_geometry_is_not_judged_here():
    odd = {"type": "Feature", "geometry": {"type": "Nonsense"}}
    assert parse_application(prior_approval_payload(data__proposal__boundary={"site": odd})).boundary == odd


def test_applicant_and_agent_when_an_agent_acts():
    application = parse_application(householder_payload())

    assert application.applicant == OdpPerson(
        first_name="Amara",
        last_name="Okafor",
        email="amara.okafor@example.com",
        phone="07700 900123",
        address_text="",
        company="",
    )
    assert application.applicant.name == "Amara Okafor"
    assert application.agent is not None
    assert application.agent.name == "Priya Shah"
    assert application.agent.email == "priya@shah-architects.example.com"
    assert application.agent.phone == "020 7946 0321"
    assert application.agent.company == "Shah Architects Ltd"
    assert application.agent.address_text == "Unit 3, Bellenden Works, Bellenden Road, London, SE15 4QY, UK"
    assert application.agent_acts is True


def test_applicant_acting_alone():
    application = parse_application(ldc_proposed_payload())

    assert application.agent is None
    assert application.agent_acts is False
    assert application.applicant.name == "Graham Pearce"
    assert application.applicant.address_text == "Holly Cottage, Church Lane, Princes Risborough, HP27 9AB"


@pytest.mark.parametrize(
    "overrides",
    [{"data__applicant__type": "agent"}, {"data__user__role": "agent"}],
    ids=["applicant type agent", "user role agent"],
)
def test_agent_acts_without_an_agent_block(overrides):
    application = parse_application(ldc_proposed_payload(**overrides))
    assert application.agent is None
    assert application.agent_acts is True


def test_phone_and_company_may_be_plain_text():
    application = parse_application(
        ldc_proposed_payload(data__applicant__phone="01494 960 112", data__applicant__company="Pearce Lofts")
    )
    assert application.applicant.phone == "01494 960 112"
    assert application.applicant.company == "Pearce Lofts"


def test_responses_keep_their_order_answers_and_metadata():
    responses = parse_application(householder_payload()).responses

    assert [response.question for response in responses] == [
        "Is the property in Southwark?",
        "What are you applying for?",
        "Describe the project",
    ]
    assert responses[0].answers == ("Yes",)
    assert responses[0].metadata == {"sectionName": "The property", "autoAnswered": True}
    assert responses[1].answers == ("Extend a house", "Alter the outside of a house")
    assert responses[1].metadata == {}
    assert responses[2].answers == ("A rear extension replacing the conservatory.",)


def test_designations_with_intersects_entities_and_sources():
    application = parse_application(householder_payload())

    assert [(d.value, d.intersects) for d in application.designations] == [
        ("articleFour", False),
        ("designated.conservationArea", True),
        ("tpo", False),
    ]
    conservation = application.designations[1]
    assert conservation.description == "Conservation area"
    assert conservation.entities == (
        {
            "name": "Camberwell Grove",
            "source": {"text": "Planning Data", "url": "https://www.planning.data.gov.uk/entity/44000123"},
        },
    )
    assert application.designations[0].entities == ()
    assert application.designation_sources[1] == "https://api.editor.planx.dev/roads?usrn=22504211"
    assert parse_application(ldc_proposed_payload()).designations == ()


def test_fee_paid_through_gov_pay():
    fee = parse_application(householder_payload()).fee

    assert fee.payable == Decimal("258.00")
    assert isinstance(fee.payable, Decimal)
    assert fee.calculated == Decimal("258")
    assert (fee.exemptions, fee.reductions) == ((), ())
    assert fee.payment_reference == "sandbox-ref-7k2m9q"
    assert fee.payment_amount == Decimal("258")
    assert fee.not_applicable is False


def test_fee_exemptions_and_reductions():
    ldc = parse_application(ldc_proposed_payload()).fee
    assert (ldc.calculated, ldc.payable, ldc.payment_amount) == (Decimal(129), Decimal(0), Decimal(0))
    assert ldc.exemptions == ("disability",)
    assert ldc.payment_reference == ""

    reduced = prior_approval_payload(
        data__application__fee__payable=60,
        data__application__fee__exemption={"disability": False, "resubmission": False},
        data__application__fee__reduction={"alternative": False, "parishCouncil": True, "sports": True},
    )
    fee = parse_application(reduced).fee
    assert fee.reductions == ("parishCouncil", "sports")
    assert fee.exemptions == ()
    assert fee.payable == Decimal("60.00")


def test_fee_amounts_are_exact_decimals_to_the_penny():
    fee = parse_application(householder_payload(data__application__fee__payable=258.3)).fee
    assert fee.payable == Decimal("258.30")
    assert parse_application(householder_payload(data__application__fee__payable="462")).fee.payable == Decimal(462)


def test_fee_not_applicable_and_fee_absent():
    fee = parse_application(householder_payload(data__application__fee={"notApplicable": True})).fee
    assert fee.not_applicable is True
    assert (fee.payable, fee.calculated, fee.payment_amount) == (None, None, Decimal(0))

    absent = parse_application(householder_payload(data__application__fee=DELETE)).fee
    assert (absent.payable, absent.payment_amount, absent.not_applicable) == (None, None, False)


def test_declarations_verbatim():
    assert parse_application(householder_payload()).declarations == {"accurate": True, "connection": {"value": "none"}}
    declarations = parse_application(prior_approval_payload()).declarations
    assert declarations["connection"] == {"value": "relation.employee", "description": "Sister"}


def test_ownership_certificate_and_owners():
    ownership = parse_application(householder_payload()).ownership

    assert ownership is not None
    assert ownership.certificate == "b"
    assert ownership.owners == (
        {
            "name": "Tunde Okafor",
            "address": {"line1": "4 Grove Lane", "town": "London", "postcode": "SE5 8SY"},
            "noticeDate": "2025-02-28",
        },
    )
    assert parse_application(ldc_proposed_payload()).ownership is None


def test_files_with_every_tag_and_decoded_file_names():
    files = parse_application(householder_payload()).files

    assert [file.filename for file in files] == ["Proposed rear elevation & plan.pdf", "site-plan.pdf"]
    assert (
        files[0].url
        == "https://api.editor.planx.dev/file/private/a1b2c3d4/Proposed%20rear%20elevation%20%26%20plan.pdf"
    )
    assert files[0].tags == ("elevations.proposed", "floorPlan.proposed")
    assert files[0].description == "Drawing 1102 rev B"
    assert files[1].tags == ("sitePlan.proposed",)
    assert files[1].description == ""
    assert parse_application(prior_approval_payload()).files == ()


def test_file_tags_may_be_bare_codes():
    payload = prior_approval_payload(
        files=[{"name": "https://x.example.com/a/plan.pdf?v=2", "type": ["sitePlan.proposed"]}]
    )
    (file,) = parse_application(payload).files
    assert (file.filename, file.tags) == ("plan.pdf", ("sitePlan.proposed",))


def test_raw_is_the_payload_and_unread_fields_are_ignored():
    payload = householder_payload(data__proposal__extend={"area": {"squareMetres": 24}}, preAssessment=[])
    payload["somethingNew"] = {"any": "thing"}
    assert parse_application(payload).raw is payload


def test_lenient_about_what_intake_does_not_read():
    payload = prior_approval_payload(
        responses=DELETE,
        files=DELETE,
        data__applicant__phone=DELETE,
        data__applicant__address=DELETE,
        data__user=DELETE,
    )
    application = parse_application(payload)
    assert (application.responses, application.files, application.applicant.phone) == ((), (), "")


# --- Schema URLs ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "version", "name"),
    [
        (SCHEMA_URL, "v0.7.7", "application"),
        (
            "https://theopensystemslab.github.io/digital-planning-data-schemas/v0.7.0/schema.json",
            "v0.7.0",
            "application",
        ),
        (
            "https://theopensystemslab.github.io/digital-planning-data-schemas/v0.7.5/schemas/enforcement.json",
            "v0.7.5",
            "enforcement",
        ),
    ],
)
def test_schema_urls_bops_accepts(url, version, name):
    ref = parse_schema_url(url)
    assert ref is not None
    assert (ref.version, ref.name) == (version, name)


@pytest.mark.parametrize(
    "url",
    [
        None,
        42,
        "https://example.com/digital-planning-data-schemas/v0.7.7/schemas/application.json",
        "https://theopensystemslab.github.io/digital-planning-data-schemas/latest/schemas/application.json",
        "ftp://theopensystemslab.github.io/digital-planning-data-schemas/v0.7.7/schemas/application.json",
    ],
)
def test_schema_urls_refused(url):
    assert parse_schema_url(url) is None


def test_older_schema_json_url_for_v0_7_0_is_accepted():
    url = "https://theopensystemslab.github.io/digital-planning-data-schemas/v0.7.0/schema.json"
    application = parse_application(ldc_proposed_payload(metadata__schema=url))
    assert (application.schema_version, application.schema_name) == ("v0.7.0", "application")


# --- Bad input: the right pointers ----------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [None, [], "{}", 3])
def test_body_not_an_object(payload):
    assert errors_of(payload) == [PointerError("", "must be a JSON object")]


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        (DELETE, "is required"),
        ("", "is required"),
        (7, "must be text"),
        ("https://example.com/schema.json", "is not an ODP schema URL"),
        (
            "https://theopensystemslab.github.io/digital-planning-data-schemas/v0.5.0/schema.json",
            "schema version v0.5.0 is not supported; send v0.7.0 to v0.7.7",
        ),
        (
            "https://theopensystemslab.github.io/digital-planning-data-schemas/v0.7.7/schemas/preApplication.json",
            "names the preApplication schema",
        ),
    ],
)
def test_schema_missing_or_not_supported(schema, message):
    (error,) = errors_of(householder_payload(metadata__schema=schema))
    assert error.pointer == "/metadata/schema"
    assert error.message.startswith(message)


@pytest.mark.parametrize(
    ("overrides", "pointer", "message"),
    [
        ({"data__application__type__value": DELETE}, "/data/application/type/value", "is required"),
        ({"data__application__type": "pp.full.householder"}, "/data/application/type", "must be an object"),
        ({"data__proposal__description": DELETE}, "/data/proposal/description", "is required"),
        ({"data__proposal__description": "   "}, "/data/proposal/description", "is required"),
        ({"data__applicant__name": DELETE}, "/data/applicant/name", "is required"),
        ({"data__applicant__name__last": ""}, "/data/applicant/name/last", "is required"),
        ({"data__applicant__email": "amara.okafor"}, "/data/applicant/email", "must be an email address"),
        ({"data__applicant__agent__email": "priya@"}, "/data/applicant/agent/email", "must be an email address"),
        ({"data__application__fee__payable": "two hundred"}, "/data/application/fee/payable", "must be a number"),
        ({"data__application__fee__payable": True}, "/data/application/fee/payable", "must be a number"),
        (
            {"data__application__fee__calculated": -5},
            "/data/application/fee/calculated",
            "must be between 0 and 1,000,000",
        ),
        (
            {"data__application__fee__payable": 1_000_001},
            "/data/application/fee/payable",
            "must be between 0 and 1,000,000",
        ),
        ({"metadata__submittedAt": "yesterday"}, "/metadata/submittedAt", "must be a date and time with a time zone"),
        ({"metadata__submittedAt": "2025-03-14"}, "/metadata/submittedAt", "must be a date and time with a time zone"),
        (
            {"metadata__submittedAt": "2025-03-14T10:21:07"},
            "/metadata/submittedAt",
            "must be a date and time with a time zone",
        ),
        ({"metadata__submittedAt": DELETE}, "/metadata/submittedAt", "is required"),
        ({"files": {"name": "https://x.example.com/a.pdf"}}, "/files", "must be a list"),
        ({"files__0": "https://x.example.com/a.pdf"}, "/files/0", "must be an object"),
        ({"files__0__name": "ftp://files.example.com/plan.pdf"}, "/files/0/name", "must be an http(s) URL"),
        ({"files__1__name": "/uploads/plan.pdf"}, "/files/1/name", "must be an http(s) URL"),
        ({"files__1__type": [{"description": "Site plan - proposed"}]}, "/files/1/type/0", "must be a file type"),
        (
            {"data__proposal__boundary__site": "POLYGON((0 0, 1 0, 1 1, 0 0))"},
            "/data/proposal/boundary/site",
            "must be an object",
        ),
        ({"data__property__address": DELETE}, "/data/property/address", "is required"),
        ({"data__property__address__latitude": "51.47"}, "/data/property/address/latitude", "must be a number"),
        (
            {"data__property__address__longitude": 200},
            "/data/property/address/longitude",
            "must be between -180 and 180",
        ),
        (
            {"data__property__planning__designations__1__intersects": "yes"},
            "/data/property/planning/designations/1/intersects",
            "must be true or false",
        ),
        (
            {"data__property__planning__designations__0__value": DELETE},
            "/data/property/planning/designations/0/value",
            "is required",
        ),
        ({"responses__1__question": DELETE}, "/responses/1/question", "is required"),
        ({"responses__2__responses": 12}, "/responses/2/responses", "must be a list of answers or text"),
        ({"data__applicant__ownership__owners": "Tunde Okafor"}, "/data/applicant/ownership/owners", "must be a list"),
    ],
)
def test_one_bad_value_one_pointer(overrides, pointer, message):
    (error,) = errors_of(householder_payload(**overrides))
    assert error.pointer == pointer
    assert error.message.startswith(message)


def test_a_file_without_a_url_is_pointed_at_by_index():
    file = {"name": "https://x.example.com/f.pdf", "type": [{"value": "otherDocument", "description": "Other"}]}
    payload = householder_payload(files=[file, file, file, {"type": file["type"]}])
    assert errors_of(payload) == [PointerError("/files/3/name", "is required")]


def test_the_applicant_or_the_agent_must_give_an_email():
    assert parse_application(householder_payload(data__applicant__email=DELETE)).agent.email
    (error,) = errors_of(householder_payload(data__applicant__email=DELETE, data__applicant__agent__email=DELETE))
    assert error.pointer == "/data/applicant/email"
    assert error.message.startswith("is required")
    assert pointers_of(ldc_proposed_payload(data__applicant__email="")) == ["/data/applicant/email"]


def test_a_missing_block_is_one_error_not_one_per_field():
    assert pointers_of(householder_payload(data=DELETE)) == ["/data"]
    assert pointers_of(householder_payload(data__applicant=DELETE)) == ["/data/applicant"]
    assert pointers_of(householder_payload(metadata=DELETE)) == ["/metadata"]


def test_every_problem_is_reported_together_in_body_order():
    payload = householder_payload(
        metadata__submittedAt="14/03/2025",
        data__application__type__value=DELETE,
        data__proposal__description="",
        data__applicant__email="amara at example",
        data__application__fee__payable="abc",
    )
    set_at(payload, "/files/1/name", "file:///C:/plans/site.pdf")
    delete_at(payload, "/data/applicant/name/first")

    errors = errors_of(payload)

    assert [error.pointer for error in errors] == [
        "/metadata/submittedAt",
        "/data/application/type/value",
        "/data/proposal/description",
        "/data/applicant/name/first",
        "/data/applicant/email",
        "/data/application/fee/payable",
        "/files/1/name",
    ]
    message = str(OdpError(errors))
    assert "/data/applicant/email: must be an email address" in message
    assert "/files/1/name: must be an http(s) URL" in message


# --- Robustness: anything JSON gives an application or an OdpError, never another exception ---------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


def outcome(payload) -> list[PointerError]:
    """The errors parse_application reports ([] when it parses); any other exception fails the test."""
    try:
        parse_application(payload)
    except OdpError as error:
        errors = error.errors
    else:
        return []
    assert errors, "an OdpError must say what is wrong"
    return errors


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_any_json_body_is_parsed_or_refused_cleanly(body):
    errors = outcome(body)
    assert all(e.pointer == "" or e.pointer.startswith("/") for e in errors)


def _paths(node, prefix=""):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, f"{prefix}/{key.replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, f"{prefix}/{index}")


HOUSEHOLDER_PATHS = [path for path in _paths(householder_payload()) if path]


def _related(pointer: str, path: str) -> bool:
    return pointer == path or pointer.startswith(path + "/") or path.startswith(pointer + "/")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(HOUSEHOLDER_PATHS), json_values)
def test_one_value_replaced_is_parsed_or_pointed_at(path, value):
    """Replacing one value of a good body gives errors only at that value, inside it, or at the object holding it
    (a bad file type is reported at its entry)."""
    errors = outcome(set_at(householder_payload(), path, value))
    assert all(_related(error.pointer, path) for error in errors), (path, errors)
