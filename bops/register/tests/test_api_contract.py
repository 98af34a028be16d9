"""Contract tests of the register's APIs, in the shapes the Digital Planning Register and BOPS's clients read
(register-api.md §2.3, bops-api.md §2.1, §2.2, §2.4): every endpoint, its envelope, its paging and filters."""

import json

import pytest
from django.core.cache import cache
from django.test import Client

from bops.consultation.models import PublicComment
from bops.councils.api_keys import api_key_create
from bops.register.tests import states

pytestmark = pytest.mark.django_db

ODP = "/api/@next/public/applications"
V2 = "/api/v2/public/planning_applications"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def public(council):
    return Client(HTTP_HOST=f"{council.subdomain}.localhost", REMOTE_ADDR="203.0.113.10")


def keyed(council, *scopes):
    _, raw = api_key_create(council=council, user=None, name="Register", scopes=list(scopes))
    return Client(HTTP_HOST=f"{council.subdomain}.localhost", HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def three(southwark, swk_users):
    """A case in consultation (with comments), one decided (refused), one not yet validated."""
    return {
        "consulting": states.in_consultation(southwark, swk_users),
        "refused": states.determined(southwark, swk_users, decision="refused"),
        "new": states.not_started(southwark, swk_users),
    }


# --- ODP @next --------------------------------------------------------------------------------------------------


def test_the_list_is_paged_from_1_with_maxresults_and_status_in_the_body(southwark, three):
    body = public(southwark).get(f"{ODP}?page=2&maxresults=2").json()
    assert body["status"] == {"code": 200, "message": "OK"}
    assert body["pagination"] == {
        "resultsPerPage": 2,
        "currentPage": 2,
        "totalPages": 2,
        "totalResults": 3,
        "totalAvailableItems": 3,
    }
    assert len(body["data"]) == 1
    first_page = public(southwark).get(f"{ODP}?page=1&maxresults=2").json()["data"]
    seen = {item["data"]["application"]["reference"] for item in first_page + body["data"]}
    assert seen == {case.reference_in_full for case in three.values()}


def test_a_page_past_the_end_is_empty_not_an_error(southwark, three):
    body = public(southwark).get(f"{ODP}?page=9").json()
    assert body["data"] == []
    assert body["pagination"]["totalResults"] == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("applicationStatus=Consultation in progress", {"consulting"}),
        ("applicationStatus=Determined", {"refused"}),
        ("applicationStatus=Application submitted,Determined", {"refused", "new"}),
        ("councilDecision=refused", {"refused"}),
        ("councilDecision=granted", set()),
        ("dprFilter=inConsultation", {"consulting"}),
        ("dprFilter=decidedThisWeek", {"refused"}),
        ("applicationType=pp.full.householder", {"consulting", "refused", "new"}),
        ("applicationType=ldc.proposed", set()),
    ],
)
def test_the_lists_filters_take_the_registers_own_labels(southwark, three, query, expected):
    body = public(southwark).get(f"{ODP}?{query}").json()
    found = {item["data"]["application"]["reference"] for item in body["data"]}
    assert found == {three[name].reference_in_full for name in expected}
    assert body["pagination"]["totalResults"] == len(expected)
    assert body["pagination"]["totalAvailableItems"] == 3


def test_the_list_searches_by_reference_and_sorts_by_received(southwark, three):
    case = three["refused"]
    found = public(southwark).get(f"{ODP}?query={case.reference}").json()["data"]
    assert [item["data"]["application"]["reference"] for item in found] == [case.reference_in_full]
    oldest_first = public(southwark).get(f"{ODP}?sortBy=receivedAt&orderBy=asc").json()["data"]
    received = [item["data"]["validation"]["receivedAt"] for item in oldest_first if "validation" in item["data"]]
    assert received == sorted(received)


def test_show_answers_the_published_application(southwark, three):
    case = three["consulting"]
    for reference in (case.reference, case.reference_in_full):
        body = public(southwark).get(f"{ODP}/{reference}").json()
        assert body["status"]["code"] == 200
        assert body["data"]["applicationType"] == "pp.full.householder"
        assert body["data"]["data"]["application"]["stage"] == "consultation"
        assert body["data"]["data"]["caseOfficer"]["name"]


def test_documents_lists_only_published_documents_in_pages(southwark, three):
    case = three["refused"]
    body = public(southwark).get(f"{ODP}/{case.reference}/documents?resultsPerPage=1").json()
    names = [f["name"] for f in body["data"]]
    assert len(names) == 1
    assert states.UNPUBLISHED_DOCUMENT not in names
    assert body["pagination"]["totalResults"] == 2  # the site plan and the decision notice
    everything = public(southwark).get(f"{ODP}/{case.reference}/documents?resultsPerPage=10").json()["data"]
    assert {f["name"] for f in everything} == {states.PUBLISHED_DOCUMENT, f"decision-notice-{case.reference}.pdf"}
    by_name = public(southwark).get(f"{ODP}/{case.reference}/documents?name=site").json()["data"]
    assert [f["name"] for f in by_name] == [states.PUBLISHED_DOCUMENT]


def test_public_comments_with_results_per_page_0_give_only_the_summary(southwark, three):
    case = three["consulting"]
    body = public(southwark).get(f"{ODP}/{case.reference}/publicComments?resultsPerPage=0").json()
    assert body["data"]["comments"] == []
    assert body["data"]["summary"]["totalComments"] == 1
    full = public(southwark).get(f"{ODP}/{case.reference}/publicComments").json()
    (comment,) = full["data"]["comments"]
    assert json.dumps(comment["commentRedacted"]).find(states.REDACTED_COMMENT) >= 0
    assert states.UNREDACTED_COMMENT not in json.dumps(full)
    assert (
        public(southwark).get(f"{ODP}/{case.reference}/publicComments?sentiment=supportive").json()["data"]["comments"]
        == []
    )
    assert (
        len(public(southwark).get(f"{ODP}/{case.reference}/publicComments?topic=privacy").json()["data"]["comments"])
        == 1
    )


def test_specialist_comments_list_consultees_with_their_published_responses(southwark, three):
    case = three["consulting"]
    body = public(southwark).get(f"{ODP}/{case.reference}/specialistComments").json()
    assert body["data"]["summary"]["totalComments"] == 1
    (specialist,) = body["data"]["comments"]
    assert [c["commentRedacted"] for c in specialist["comments"]] == [states.REDACTED_RESPONSE]
    one = public(southwark).get(f"{ODP}/{case.reference}/specialistComments/{specialist['id']}").json()
    assert one["data"]["id"] == specialist["id"]
    assert public(southwark).get(f"{ODP}/{case.reference}/specialistComments/999999").status_code == 404


# --- BOPS v2 public ---------------------------------------------------------------------------------------------


def test_v2_search_answers_bops_public_objects(southwark, three):
    body = public(southwark).get(f"{V2}/search?resultsPerPage=2").json()
    assert set(body) == {"pagination", "data"}
    assert body["pagination"]["totalResults"] == 3
    item = body["data"][0]
    assert set(item) >= {"application", "property", "proposal", "applicant", "officer", "data"}
    assert item["application"]["fullReference"].startswith("SWK-")
    refused = public(southwark).get(f"{V2}/search?councilDecision=refused").json()["data"]
    assert [i["application"]["reference"] for i in refused] == [three["refused"].reference]
    statuses = public(southwark).get(f"{V2}/search?applicationStatus[]=determined").json()["data"]
    assert [i["application"]["status"] for i in statuses] == ["determined"]


def test_v2_show_takes_a_reference_or_an_id(southwark, three):
    case = three["refused"]
    by_reference = public(southwark).get(f"{V2}/{case.reference}").json()
    by_id = public(southwark).get(f"{V2}/{case.pk}").json()
    assert by_reference == by_id
    assert by_reference["application"]["decision"] == "refused"
    assert public(southwark).get(f"{V2}/not-a-reference").status_code == 400
    # As typed from a letter: the full reference, in lower case.
    assert public(southwark).get(f"{V2}/{case.reference_in_full.lower()}").json() == by_reference
    assert public(southwark).get(f"{ODP}/{case.reference_in_full.lower()}").status_code == 200


def test_v2_documents_give_the_decision_notice_url_that_serves_the_pdf(southwark, three):
    case = three["refused"]
    body = public(southwark).get(f"{V2}/{case.reference}/documents").json()
    assert body["metadata"] == {"results": 2, "totalResults": 2}
    url = body["decisionNotice"]["url"]
    path = url.split("localhost", 1)[1]
    pdf = public(southwark).get(path)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    undecided = public(southwark).get(f"{V2}/{three['consulting'].reference}/documents").json()
    assert "decisionNotice" not in undecided


def test_v2_public_comments_have_a_summary_and_only_redacted_text(southwark, three):
    body = public(southwark).get(f"{V2}/{three['consulting'].reference}/comments/public").json()
    assert body["summary"] == {"totalComments": 1, "sentiment": {"supportive": 0, "neutral": 0, "objection": 1}}
    assert [c["comment"] for c in body["comments"]] == [states.REDACTED_COMMENT]


def test_v2_specialist_comments_and_a_case_with_no_consultation(southwark, three):
    body = public(southwark).get(f"{V2}/{three['consulting'].reference}/comments/specialist").json()
    assert body["data"]["summary"]["totalComments"] == 1
    assert body["data"]["comments"][0]["comments"][0]["commentRedacted"] == states.REDACTED_RESPONSE
    none = public(southwark).get(f"{V2}/{three['new'].reference}/comments/specialist")
    assert none.status_code == 400
    assert none.json()["error"]["code"] == 400


def test_nothing_personal_leaves_through_any_public_endpoint(southwark, three):
    paths = [ODP, f"{V2}/search"]
    for case in three.values():
        r = case.reference
        paths += [
            f"{ODP}/{r}",
            f"{ODP}/{r}/documents",
            f"{ODP}/{r}/publicComments",
            f"{ODP}/{r}/specialistComments",
            f"{V2}/{r}",
            f"{V2}/{r}/documents",
            f"{V2}/{r}/comments/public",
        ]
    for path in paths:
        text = public(southwark).get(path).content.decode()
        leaked = [secret for secret in states.PERSONAL if secret in text]
        assert not leaked, f"{path} leaks {leaked}"


# --- Keyed ------------------------------------------------------------------------------------------------------


def test_the_keyed_show_gives_the_id_a_register_posts_comments_to(southwark, three):
    case = three["consulting"]
    body = keyed(southwark, "planning_application:read").get(f"/api/v2/planning_applications/{case.reference}").json()
    assert body["id"] == case.pk
    assert body["reference"] == case.reference
    assert states.APPLICANT.email not in json.dumps(body)


def test_the_keyed_show_needs_the_right_key_of_the_right_council(southwark, lambeth, three):
    path = f"/api/v2/planning_applications/{three['consulting'].reference}"
    assert Client(HTTP_HOST="southwark.localhost").get(path).status_code == 401
    assert keyed(southwark, "comment:read").get(path).status_code == 403
    other = keyed(lambeth, "planning_application:read")
    other.defaults["HTTP_HOST"] = "southwark.localhost"
    assert other.get(path).status_code == 401


# --- v1 neighbour responses -------------------------------------------------------------------------------------


def _post(client, case, **overrides):
    body = {
        "name": "Sam Resident",
        "email": "sam@resident.example",
        "address": "16 Bellenden Road, SE15 4RF",
        "response": "I support this: it is well designed.",
        "summary_tag": "supportive",
        "tags": ["design"],
        **overrides,
    }
    return client.post(
        f"/api/v1/planning_applications/{case.pk}/neighbour_responses",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_a_register_posts_a_comment_that_waits_for_redaction(southwark, swk_users, three):
    case = three["consulting"]
    client = keyed(southwark, "comment:write")
    answer = _post(client, case)
    assert answer.status_code == 200
    stored = PublicComment.objects.get(pk=answer.json()["id"])
    assert (stored.application, stored.stance, stored.topics, stored.redacted_at) == (case, "support", ["design"], None)
    listed = public(southwark).get(f"{ODP}/{case.reference}/publicComments").json()
    assert "well designed" not in json.dumps(listed)


def test_the_same_comment_sent_again_is_stored_once(southwark, three):
    case = three["consulting"]
    client = keyed(southwark, "comment:write")
    first, again = _post(client, case), _post(client, case)
    assert first.json()["id"] == again.json()["id"]
    assert PublicComment.objects.filter(application=case, name="Sam Resident").count() == 1


@pytest.mark.parametrize(
    ("overrides", "pointer"),
    [({"summary_tag": "furious"}, "/summary_tag"), ({"tags": ["weather"]}, "/tags/0"), ({"response": ""}, "/response")],
)
def test_a_bad_comment_is_refused_with_a_pointer_and_not_stored(southwark, three, overrides, pointer):
    case = three["consulting"]
    answer = _post(keyed(southwark, "comment:write"), case, **overrides)
    assert answer.status_code == 400
    assert answer.json()["error"]["detail"][0]["pointer"] == pointer
    assert not PublicComment.objects.filter(application=case, name="Sam Resident").exists()


def test_comments_on_a_decided_case_or_with_the_wrong_key_are_refused(southwark, three):
    assert _post(keyed(southwark, "comment:write"), three["refused"]).status_code == 409
    assert _post(keyed(southwark, "comment:read"), three["consulting"]).status_code == 403
    assert _post(Client(HTTP_HOST="southwark.localhost"), three["consulting"]).status_code == 401
    assert not PublicComment.objects.filter(name="Sam Resident").exists()
