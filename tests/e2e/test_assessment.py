"""Every assessment page passes axe-core in the browser, as it first opens and with its errors showing."""

from typing import Any

import pytest

from tests.e2e.conftest import assert_no_axe_violations, follow, make_case, move_to_assessment


@pytest.fixture
def cases(world: Any) -> dict[str, Any]:
    council = world.southwark.council
    officer = world.southwark.users["assessor"]
    return {
        "householder": world.southwark.cases["extension"],
        "ldc": move_to_assessment(
            make_case(
                council,
                code="ldc.proposed",
                address="3 Lyndhurst Way",
                postcode="SE15 5AG",
                description="Rear dormer",
                officer=officer,
            )
        ),
    }


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("householder", ""),
        ("householder", "/summary-of-works"),
        ("householder", "/site-history"),
        ("householder", "/site-visit"),
        ("householder", "/conditions"),
        ("householder", "/informatives"),
        ("householder", "/policies"),
        ("householder", "/heads-of-terms"),
        ("householder", "/cil"),
        ("householder", "/recommendation"),
        ("householder", "/report"),
        ("ldc", ""),
        ("ldc", "/legislation"),
        ("ldc", "/recommendation"),
    ],
)
def test_every_assessment_page_passes_axe(
    page: Any, world: Any, url: Any, sign_in: Any, cases: dict[str, Any], kind: str, path: str
) -> None:
    sign_in(page, "southwark", world.southwark.users["assessor"].email)
    response = page.goto(url("southwark", f"/applications/{cases[kind].reference}/assessment{path}"))
    assert response.status == 200
    assert_no_axe_violations(page)
    buttons = page.locator("main form button[type=submit], main form button:not([type])")
    if buttons.count():
        before = page.url
        follow(page, buttons.first)
        if page.url == before:
            assert_no_axe_violations(page)


@pytest.mark.parametrize(
    "path", ["/admin/conditions", "/admin/conditions/new", "/admin/informatives", "/admin/policies"]
)
def test_the_library_pages_pass_axe(page: Any, world: Any, url: Any, sign_in: Any, path: str) -> None:
    sign_in(page, "southwark", world.southwark.users["administrator"].email)
    assert page.goto(url("southwark", path)).status == 200
    assert_no_axe_violations(page)
