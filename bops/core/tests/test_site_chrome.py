"""What every page shares: the footer and its pages, the icons, and the page for a form's address opened by hand."""

import re

import pytest
from django.test import Client

from bops.accounts.models import Role
from bops.applications.tests.builders import make_application
from bops.validation.links import link_token


@pytest.fixture
def case(southwark, swk_users):
    return make_application(southwark, officer=swk_users[Role.ASSESSOR])


def main_text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


# --- A form's address opened as a page -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("/applications/{ref}/assign", Role.ASSESSOR),
        ("/applications/{ref}/validation/confirm", Role.ASSESSOR),
        ("/applications/{ref}/consultation/neighbours/letters", Role.ASSESSOR),
        ("/applications/{ref}/assessment/recommendation/submit", Role.ASSESSOR),
        ("/applications/{ref}/review/committee", Role.REVIEWER),
    ],
)
def test_a_case_form_address_opened_as_a_page_says_so_and_links_back_to_the_case(
    case, swk_users, client_for, path, role
):
    response = client_for(case.council, swk_users[role]).get(path.format(ref=case.reference))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response["Content-Type"].startswith("text/html")
    text = main_text(response)
    assert "This page is for sending a form" in text
    assert "nothing has been saved or sent" in text
    assert f'href="/applications/{case.reference}"' in response.content.decode()
    assert f"Go to case {case.reference_in_full}" in text
    assert "<title>This page is for sending a form – London Borough of Southwark planning</title>" in (
        response.content.decode()
    )


def test_an_administrators_form_address_links_to_the_case_list(southwark, swk_users, client_for):
    response = client_for(southwark, swk_users[Role.ADMINISTRATOR]).get("/admin/os-maps/remove")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Go to your case list" in main_text(response)


def test_sign_out_opened_as_a_page_when_signed_out_links_to_the_register(southwark):
    response = Client(HTTP_HOST="southwark.localhost").get("/sign-out")
    assert response.status_code == 405
    assert "This page is for sending a form" in main_text(response)
    assert 'href="/planning-applications"' in response.content.decode()


def test_an_applicants_form_address_links_to_the_first_page_of_their_link(case):
    token = link_token(council_id=case.council_id, application_id=case.pk)
    response = Client(HTTP_HOST="southwark.localhost").get(f"/respond/{token}/new-link")
    assert response.status_code == 405
    assert f'href="/respond/{token}"' in response.content.decode()
    assert "Go back to the page your link opens" in main_text(response)


def test_a_form_sent_to_a_page_that_only_shows_information_says_so(case, swk_users, client_for):
    response = client_for(case.council, swk_users[Role.ADMINISTRATOR]).post("/admin/outbox")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert "This page does not take a form" in main_text(response)


def test_the_api_keeps_its_json_error(case):
    response = Client(HTTP_HOST="southwark.localhost").post(
        "/api/@next/public/applications", data="{}", content_type="application/json"
    )
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response.json()  # the API's own error body, not the page


# --- The footer and its pages --------------------------------------------------------------------------------------


def footer(response) -> str:
    html = response.content.decode()
    return html[html.index("<footer") : html.index("</footer>")]


@pytest.mark.parametrize("path", ["/", "/planning-applications", "/sign-in", "/accessibility"])
def test_every_page_has_the_footer_with_the_councils_contact_and_the_licence(southwark, swk_users, client_for, path):
    client = client_for(southwark, swk_users[Role.ASSESSOR]) if path == "/" else client_for(southwark)
    response = client.get(path)
    assert response.status_code == 200
    part = footer(response)
    for href, text in [
        ("/accessibility", "Accessibility statement"),
        ("/privacy", "Privacy"),
        ("/cookies", "Cookies"),
        ("/api/docs", "API documentation"),
        ("mailto:planning@southwark.example", "planning@southwark.example"),
        ("https://opensource.org/license/mit", "MIT licence"),
    ]:
        assert re.search(rf'href="{re.escape(href)}"[^>]*>\s*{re.escape(text)}\s*</a>', part), (href, part)
    assert "London Borough of Southwark planning service" in part
    assert "020 7000 0000" in part
    # Not GOV.UK's: no Open Government Licence, and the crown and Crown copyright the macro writes are hidden.
    assert "Open Government Licence" not in part
    assert 'class="govuk-footer app-footer"' in part


def test_the_source_code_is_linked_when_its_address_is_set(southwark, client_for, settings):
    settings.SOURCE_CODE_URL = "https://code.example/council-planning"
    assert 'href="https://code.example/council-planning"' in footer(client_for(southwark).get("/sign-in"))
    settings.SOURCE_CODE_URL = ""
    assert "See its source code" not in footer(client_for(southwark).get("/sign-in"))


def test_the_bare_service_domain_has_the_footer_without_a_councils_contact(southwark):
    response = Client(HTTP_HOST="localhost").get("/")
    part = footer(response)
    assert "Accessibility statement" in part
    assert "mailto:" not in part


@pytest.mark.parametrize(
    ("path", "heading", "words"),
    [
        ("/accessibility", "Accessibility statement", ["WCAG", "Equality and Human Rights Commission"]),
        ("/privacy", "Privacy", ["data controller", "article 40"]),
        ("/cookies", "Cookies", ["sessionid", "csrftoken", "After 6 hours without using the service"]),
    ],
)
def test_the_footers_pages_answer_anyone_and_name_the_council(southwark, path, heading, words):
    response = Client(HTTP_HOST="southwark.localhost").get(path)
    assert response.status_code == 200
    text = main_text(response)
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in response.content.decode()
    for word in words:
        assert word in text
    assert "planning@southwark.example" in text or path == "/cookies"


def test_the_cookies_page_gives_the_configured_session_length(southwark, settings):
    settings.SESSION_COOKIE_AGE = 90 * 60
    text = main_text(Client(HTTP_HOST="southwark.localhost").get("/cookies"))
    assert "After 90 minutes without using the service" in text


# --- Icons ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "file", "content_type"),
    [
        ("/favicon.ico", "favicon.ico", "image/"),
        ("/apple-touch-icon.png", "icon-180.png", "image/png"),
    ],
)
def test_the_icons_browsers_ask_for_at_the_root_answer(southwark, path, file, content_type):
    client = Client(HTTP_HOST="southwark.localhost")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/static/build/icons/{file}"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"].startswith(content_type)
    assert b"".join(icon.streaming_content)[:4] in (b"\x00\x00\x01\x00", b"\x89PNG")


def test_every_page_links_the_services_own_icons_not_the_gov_uk_crown(southwark):
    client = Client(HTTP_HOST="southwark.localhost")
    html = client.get("/sign-in").content.decode()
    head = html[: html.index("</head>")]
    links = dict(re.findall(r'<link rel="([a-z-]+)"[^>]*href="([^"]+)"', head))
    assert links["apple-touch-icon"] == "/static/build/icons/icon-180.png"
    assert links["manifest"] == "/static/build/icons/manifest.json"
    assert "govuk/assets/images" not in head
    for href in re.findall(r'<link rel="(?:icon|mask-icon|apple-touch-icon|manifest)"[^>]*href="([^"]+)"', head):
        assert client.get(href).status_code == 200, href
    manifest = b"".join(client.get("/static/build/icons/manifest.json").streaming_content).decode()
    for src in re.findall(r'"src": "([^"]+)"', manifest):
        assert client.get(f"/static/build/icons/{src}").status_code == 200, src


def test_a_bare_405_under_the_api_becomes_the_apis_json_error(rf):
    from django.http import HttpResponseNotAllowed

    from bops.core.http import MethodNotAllowedMiddleware

    middleware = MethodNotAllowedMiddleware(lambda request: HttpResponseNotAllowed(["GET", "HEAD"]))
    response = middleware(rf.post("/api/v2/anything"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response["Content-Type"] == "application/json"
    assert b'"code": 405' in response.content
