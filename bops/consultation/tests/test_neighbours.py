"""Neighbours: the addresses around the site and the applicant's, written to in one step; adding by search and by
area; removing; the page, roles and other councils."""

import json
from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in, square
from bops.consultation import neighbours
from bops.consultation.addresses import addresses_fill_around
from bops.consultation.models import Address, Neighbour
from bops.core.errors import DomainError
from bops.core.models import AuditEntry
from bops.submissions.models import SubmittedDetails

LON, LAT = -0.0707, 51.4689
AROUND = square(lon=LON - 0.0004, lat=LAT - 0.0003, size=0.0009)


@pytest.fixture
def case(southwark, swk_users):
    application = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    addresses_fill_around([application])
    # The site itself is in the gazetteer too, under its own UPRN.
    Address.objects.create(
        uprn=application.uprn,
        line_1="12 Bellenden Road",
        town="London",
        postcode="SE15 4RF",
        latitude=application.latitude,
        longitude=application.longitude,
        search_text="12 bellenden road london se15 4rf se154rf",
    )
    return application


def _add_area(case, user, polygon=AROUND):
    return neighbours.neighbours_add_within(
        council=case.council, application_id=case.pk, user=user, polygon=json.dumps(polygon)
    )


def test_an_area_adds_the_addresses_inside_but_not_the_site(case, swk_users):
    added = _add_area(case, swk_users[Role.ASSESSOR])
    uprns = {n.uprn for n in added}
    assert added and case.uprn not in uprns
    assert all(n.source == Neighbour.Source.MAP for n in added)
    inside = {a.uprn for a in Address.objects.all() if AROUND_SHAPE.contains(_point(a))} - {case.uprn}
    assert uprns == inside
    assert len(inside) < Address.objects.count() - 1  # some houses of the grid are outside the area
    case.consultation.refresh_from_db()
    assert case.consultation.polygon["geometry"]["type"] == "Polygon"
    entry = AuditEntry.objects.get(event="neighbours_added")
    assert entry.application == case and len(entry.data["addresses"]) == len(added)
    assert _add_area(case, swk_users[Role.REVIEWER]) == []  # the same area again adds nobody twice


def _point(address):
    from shapely.geometry import Point

    return Point(address.longitude, address.latitude)


def _shape():
    from shapely.geometry import shape

    return shape(AROUND["geometry"])


AROUND_SHAPE = _shape()


@pytest.mark.parametrize(
    ("polygon", "message"),
    [
        ({"type": "Polygon", "coordinates": [AROUND["geometry"]["coordinates"][0][:-1]]}, "not closed"),
        (square(lon=-0.12, lat=51.45, size=0.05), "limit of 0.5 km²"),
        ({"type": "Point", "coordinates": [LON, LAT]}, "must be a GeoJSON Polygon"),
        (square(lon=0.5, lat=51.0, size=0.001), "no addresses in that area"),
    ],
)
def test_a_bad_area_is_refused_and_nothing_is_added(case, swk_users, polygon, message):
    with pytest.raises(DomainError) as refused:
        _add_area(case, swk_users[Role.ASSESSOR], polygon)
    assert message in refused.value.message
    assert not Neighbour.objects.exists()


def test_too_many_addresses_are_refused(case, swk_users, monkeypatch):
    monkeypatch.setattr(neighbours, "MAX_ADDRESSES", 3)
    with pytest.raises(DomainError, match="more than 3 addresses"):
        _add_area(case, swk_users[Role.ASSESSOR])


def test_search_adds_only_the_chosen_results(case, swk_users):
    found = neighbours.address_search(text="Bellenden SE15")
    chosen = [found[0].uprn, found[1].uprn, "not-a-result"]
    added = neighbours.neighbours_add_from_search(
        council=case.council,
        application_id=case.pk,
        user=swk_users[Role.ASSESSOR],
        query="Bellenden SE15",
        uprns=chosen,
    )
    assert {n.uprn for n in added} == set(chosen[:2])
    assert all(n.source == Neighbour.Source.SEARCH for n in added)
    site = neighbours.neighbours_add_from_search(
        council=case.council,
        application_id=case.pk,
        user=swk_users[Role.ASSESSOR],
        query="12 Bellenden",
        uprns=[case.uprn],
    )
    assert site == []  # the site is not its own neighbour


def test_the_applicants_adjoining_properties_are_offered_first_and_ticked(case, swk_users):
    SubmittedDetails.objects.create(
        application=case,
        responses=[
            {"question": "What type of extension?", "answers": ["Rear"]},
            {
                "question": "Provide the addresses of the adjoining properties",
                "answers": ["10 Bellenden Road, London, SE15 4RF", "14 Bellenden Road, London, SE15 4RF", "none"],
            },
        ],
    )
    offered = neighbours.applicant_suggestions(application=case)
    assert offered == ["10 Bellenden Road, London, SE15 4RF", "14 Bellenden Road, London, SE15 4RF"]
    suggestions = neighbours.neighbour_suggestions(application=case)
    first, second = suggestions[:2]
    assert [first.address.address, second.address.address] == offered
    assert first.adjoining and first.why == "Given by the applicant as an adjoining property"
    neighbours.neighbour_letters_send(
        council=case.council, application_id=case.pk, user=swk_users[Role.ASSESSOR], chosen=[first.key]
    )
    assert list(Neighbour.objects.values_list("address", "source")) == [(offered[0], "applicant")]
    assert neighbours.applicant_suggestions(application=case) == [offered[1]]
    with pytest.raises(DomainError, match="no longer offered"):
        neighbours.neighbour_letters_send(
            council=case.council, application_id=case.pk, user=swk_users[Role.ASSESSOR], chosen=["uprn:123"]
        )


def test_the_addresses_around_the_site_are_offered_adjoining_first_with_their_distance(case):
    suggestions = neighbours.neighbour_suggestions(application=case)
    adjoining = [s for s in suggestions if s.adjoining]
    nearby = [s for s in suggestions if not s.adjoining]
    # The site's square is 14 m by 22 m; the houses either side and behind are a few metres from its red line.
    assert {s.address.address.split(",")[0] for s in adjoining} == {
        "20 Bellenden Road",
        "21 Bellenden Road",
        "13 Bellenden Road",
        "28 Bellenden Road",
        "29 Bellenden Road",
    }
    assert all(s.why.startswith("Adjoining: ") and s.why.endswith(" m from the red line") for s in adjoining)
    assert nearby and all(s.why.startswith("Nearby: ") for s in nearby)
    assert case.uprn not in {s.address.uprn for s in suggestions}  # not the site itself
    assert not any(s.address.address.startswith("12 Bellenden Road") for s in suggestions)


def test_one_submit_adds_the_ticked_addresses_sends_the_letters_and_lands_on_the_overview(case, swk_users, client_for):
    from bops.consultation.models import NeighbourLetter

    client = client_for(case.council, swk_users[Role.ASSESSOR])
    url = f"/applications/{case.reference}/consultation/neighbours"
    page = client.get(url).content.decode()
    assert "Addresses around the site" in page and "Adjoining: " in page and "Nearby: " in page
    adjoining = [s for s in neighbours.neighbour_suggestions(application=case) if s.adjoining]
    for suggestion in adjoining:  # pre-ticked: the officer checks them and sends
        assert f'value="{suggestion.key}" checked' in page
    response = client.post(f"{url}/letters", {"chosen": [s.key for s in adjoining]})
    assert response.status_code == 302
    assert response["Location"] == f"/applications/{case.reference}/consultation"
    assert set(Neighbour.objects.values_list("source", flat=True)) == {"around"}
    assert NeighbourLetter.objects.count() == len(adjoining) == Neighbour.objects.count()
    overview = client.get(response["Location"]).content.decode()
    assert "Neighbour notification: letters sent on" in overview
    assert "the period for comments ends on" in overview and "Required by DMPO 2015 art. 15(5)" in overview


def test_nothing_chosen_and_nobody_to_write_to_is_refused_on_the_page(case, swk_users, client_for):
    client = client_for(case.council, swk_users[Role.ASSESSOR])
    response = client.post(f"/applications/{case.reference}/consultation/neighbours/letters", {})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not Neighbour.objects.exists()


def test_a_neighbour_is_removed_only_before_its_letter(case, swk_users):
    officer = swk_users[Role.ASSESSOR]
    first, second = _add_area(case, officer)[:2]
    neighbours.neighbour_remove(council=case.council, application_id=case.pk, user=officer, neighbour_id=first.pk)
    assert not Neighbour.objects.filter(pk=first.pk).exists()
    assert AuditEntry.objects.get(event="neighbour_removed").data == {"address": first.address}
    neighbours.neighbour_letters_send(council=case.council, application_id=case.pk, user=officer)
    with pytest.raises(DomainError, match="already gone"):
        neighbours.neighbour_remove(council=case.council, application_id=case.pk, user=officer, neighbour_id=second.pk)


def test_only_officers_may_change_neighbours(case, swk_users):
    with pytest.raises(PermissionDenied):
        _add_area(case, swk_users[Role.ADMINISTRATOR])


def test_another_councils_case_and_neighbours_are_out_of_reach(case, swk_users, lambeth, lbh_users):
    added = _add_area(case, swk_users[Role.ASSESSOR])
    with pytest.raises(DomainError, match="no such case"):
        _add_area(type(case)(pk=case.pk, council=lambeth), lbh_users[Role.ASSESSOR])
    other = make_application_in(lambeth, Status.IN_ASSESSMENT, lbh_users)
    with pytest.raises(DomainError, match="no such neighbour"):
        neighbours.neighbour_remove(
            council=lambeth, application_id=other.pk, user=lbh_users[Role.ASSESSOR], neighbour_id=added[0].pk
        )
    assert Neighbour.objects.filter(pk=added[0].pk).exists()


def test_a_case_not_yet_valid_is_not_consulted(southwark, swk_users):
    application = make_application_in(southwark, Status.NOT_STARTED, swk_users)
    with pytest.raises(DomainError, match="Validate the application"):
        _add_area(application, swk_users[Role.ASSESSOR])


# --- The page -----------------------------------------------------------------------------------------------


def test_the_page_lists_neighbours_with_their_letter_status(
    case, swk_users, client_for, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    officer = swk_users[Role.ASSESSOR]
    _add_area(case, officer)
    client = client_for(case.council, officer)
    url = f"/applications/{case.reference}/consultation/neighbours"
    with django_assert_max_num_queries(25):
        page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Not sent" in text and "Drawn on the map" in text and "data-boundary-field" in text
    with django_capture_on_commit_callbacks() as enqueued:
        neighbours.neighbour_letters_send(council=case.council, application_id=case.pk, user=officer)
    text = client.get(url).content.decode()
    assert "Queued" in text and "Refresh the page" in text and "Letters to print" in text and "(PDF)" in text
    enqueued[0]()  # the background task
    text = client.get(url).content.decode()
    assert "Sent to the printer" in text and "Queued" not in text and "Refresh the page" not in text


def test_search_then_add_through_the_page(case, swk_users, client_for):
    client = client_for(case.council, swk_users[Role.REVIEWER])
    url = f"/applications/{case.reference}/consultation/neighbours"
    results = client.get(url, {"q": "SE15 4RF"}).content.decode()
    assert "Add the chosen addresses" in results and "13 Bellenden Road" in results
    uprn = Address.objects.get(line_1="13 Bellenden Road").uprn
    response = client.post(f"{url}/search", {"q": "SE15 4RF", "uprns": [uprn]})
    assert response.status_code == 302
    assert Neighbour.objects.get().uprn == uprn
    refused = client.post(f"{url}/search", {"q": "SE15 4RF"})
    assert refused.status_code == 400 and "Choose at least one address" in refused.content.decode()


def test_a_bad_area_through_the_page_shows_the_error(case, swk_users, client_for):
    client = client_for(case.council, swk_users[Role.ASSESSOR])
    url = f"/applications/{case.reference}/consultation/neighbours"
    response = client.post(f"{url}/area", {"polygon": json.dumps(square(lon=-0.12, lat=51.45, size=0.05))})
    text = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in text and "limit of 0.5 km²" in text and "<title>Error:" in text
    assert client.post(f"{url}/area", {"polygon": json.dumps(AROUND)}).status_code == 302
    assert Neighbour.objects.count() > 3


def test_an_administrator_cannot_open_the_page(case, swk_users, client_for):
    client = client_for(case.council, swk_users[Role.ADMINISTRATOR])
    assert client.get(f"/applications/{case.reference}/consultation/neighbours").status_code == 403


def test_another_council_gets_404(case, lambeth, lbh_users, client_for):
    client = client_for(lambeth, lbh_users[Role.ASSESSOR])
    url = f"/applications/{case.reference}/consultation/neighbours"
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/area", {"polygon": json.dumps(AROUND)}).status_code == 404
    assert not Neighbour.objects.exists()


def test_letters_sent_on_a_friday_evening_count_from_the_next_working_day(case, swk_users):
    """Emailed at 19:00 on a Friday, the letters are served on Monday: the 21 days must not end three days early."""
    import time_machine
    from django.utils import timezone

    from bops.consultation.models import PublicityEvent

    adjoining = [s.key for s in neighbours.neighbour_suggestions(application=case) if s.adjoining]
    friday_evening = timezone.make_aware(datetime(2026, 11, 13, 19, 0))
    with time_machine.travel(friday_evening, tick=False):
        neighbours.neighbour_letters_send(
            council=case.council, application_id=case.pk, user=swk_users[Role.ASSESSOR], chosen=adjoining
        )
    event = PublicityEvent.objects.get(consultation__application=case, kind=PublicityEvent.Kind.NEIGHBOUR_LETTERS)
    assert event.on == date(2026, 11, 16)
    assert event.ends_on == date(2026, 12, 6)
