"""The tile proxy against a real HTTP server on 127.0.0.1 standing in for Ordnance Survey."""

import logging
import math

import pytest
from django.test import Client

from bops.maps import tiles
from bops.maps.tests.fake_tile_server import GREEN, solid_png

KEY = "SwkOsKey0123456789abcdefABCDwxyz"
OTHER_KEY = "LbhOsKey0123456789abcdefABCDlmno"


def tile_at(lat: float, lon: float, z: int) -> tuple[int, int]:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


Z = 17
X, Y = tile_at(51.4689, -0.0707, Z)  # Bellenden Road, Peckham
TILE = f"/map-tiles/maps/raster/v1/zxy/Light_3857/{Z}/{X}/{Y}.png"


def on(council, host: str = "") -> Client:
    return Client(HTTP_HOST=host or f"{council.subdomain}.localhost")


@pytest.fixture
def upstream(settings, fake_tile_server):
    settings.OS_MAPS_API_URL = fake_tile_server.base_url
    return fake_tile_server


@pytest.fixture
def keyed(southwark):
    southwark.os_maps_api_key = KEY
    southwark.save()
    return southwark


def tile_requests(fake):
    return [r for r in fake.requests if r.path.startswith("/maps/raster/v1/zxy/")]


@pytest.mark.django_db
def test_a_tile_comes_through_with_the_key_added_upstream_and_never_in_the_response(keyed, upstream):
    response = on(keyed).get(TILE)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response.content == solid_png(GREEN)
    [received] = upstream.requests
    assert received.path == f"/maps/raster/v1/zxy/Light_3857/{Z}/{X}/{Y}.png"
    assert received.query == {"key": KEY}
    assert KEY not in response.serialize().decode("latin-1")


@pytest.mark.django_db
def test_a_head_request_is_answered_too(keyed, upstream):
    response = on(keyed).head(TILE)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


@pytest.mark.django_db
def test_a_tile_is_fetched_upstream_once_then_comes_from_the_cache(keyed, upstream):
    first = on(keyed).get(TILE)
    second = on(keyed).get(TILE)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert len(tile_requests(upstream)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        f"/map-tiles/maps/raster/v1/zxy/Secret_Layer/{Z}/{X}/{Y}.png",
        f"/map-tiles/maps/raster/v1/zxy/Light_27700/{Z}/{X}/{Y}.png",
        f"/map-tiles/maps/raster/v1/zxy/Light_3857/21/{X}/{Y}.png",
        "/map-tiles/maps/raster/v1/zxy/Light_3857/99999/0/0.png",
        "/map-tiles/maps/raster/v1/zxy/Light_3857/-1/0/0.png",
        f"/map-tiles/maps/raster/v1/zxy/Light_3857/{Z}/{2**Z}/{Y}.png",
        f"/map-tiles/maps/raster/v1/zxy/Light_3857/{Z}/{X}/{2**Z}.png",
        "/map-tiles/maps/raster/v1/zxy/Light_3857/3/1/1.png",  # a tile of the Americas: OS has no map there
        f"/map-tiles/maps/raster/v1/zxy/Light_3857/{Z}/{X}/{Y}.jpg",
        f"/map-tiles/maps/raster/v1/zxy/Light_3857/{Z}/{X}/{Y}.png/extra",
        "/map-tiles/maps/vector/v1/vts/tile/17/43582/65508.pbf",
        "/map-tiles/maps/vector/v1/vts/resources/styles",
        "/map-tiles/search/places/v1/find?query=Bellenden",
        "/map-tiles/features/v1/wfs",
        "/map-tiles/",
        "/map-tiles/maps/raster/v1/zxy/Light_3857/..%2F..%2Fsearch/0/0.png",
    ],
)
def test_anything_but_a_known_tile_is_refused_without_asking_upstream(keyed, upstream, path):
    response = on(keyed).get(path)
    assert response.status_code == 404
    assert upstream.requests == []


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_only_get_and_head_are_allowed(keyed, upstream, method):
    response = getattr(on(keyed), method)(TILE)
    assert response.status_code == 405
    assert upstream.requests == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mode", "redirect_to", "words"),
    [
        ("error", "", "Ordnance Survey answered 500"),
        ("html", "", "not an image"),
        ("mislabelled", "", "labelled image/png but is not one"),
        ("redirect", "http://169.254.169.254/latest/meta-data/", "redirect"),
        ("redirect", "http://127.0.0.1:9/other", "redirect"),
        ("slow", "", "did not answer in time"),
    ],
)
def test_when_upstream_fails_the_answer_is_a_plain_502_and_nothing_is_cached(
    keyed, upstream, monkeypatch, caplog, tile_cache, mode, redirect_to, words
):
    monkeypatch.setattr(tiles, "TIMEOUT_SECONDS", 0.3)
    upstream.mode = mode
    upstream.delay = 2.0
    if redirect_to:
        upstream.redirect_to = redirect_to
    caplog.set_level(logging.DEBUG)

    response = on(keyed).get(TILE)

    assert response.status_code == 502
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert body.startswith("The map tile could not be fetched") and words in body
    assert KEY not in response.serialize().decode("latin-1")
    assert KEY not in caplog.text
    assert len(tile_requests(upstream)) == 1  # the redirect was not followed
    assert not any("169.254" in r.path or r.path == "/other" for r in upstream.requests)
    upstream.mode = "tile"
    assert on(keyed).get(TILE).status_code == 200  # the failure was not cached: upstream is asked again
    assert len(tile_requests(upstream)) == 2


@pytest.mark.django_db
def test_without_a_key_the_answer_is_404_and_upstream_is_never_asked(southwark, upstream):
    response = on(southwark).get(TILE)

    assert response.status_code == 404
    assert "has not set up Ordnance Survey maps" in response.content.decode()
    assert upstream.requests == []


@pytest.mark.django_db
def test_another_councils_key_is_never_used_for_this_councils_address(keyed, lambeth, upstream):
    assert on(keyed).get(TILE).status_code == 200
    assert on(lambeth).get(TILE).status_code == 404  # Lambeth has no key: Southwark's is not lent, nor its tiles
    assert len(tile_requests(upstream)) == 1

    lambeth.os_maps_api_key = OTHER_KEY
    lambeth.save()
    assert on(lambeth).get(TILE).status_code == 200
    assert [r.query["key"] for r in tile_requests(upstream)] == [KEY, OTHER_KEY]


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_the_bare_service_domain_serves_no_tiles(keyed, upstream, host):
    response = Client(HTTP_HOST=host).get(TILE)
    assert response.status_code == 404
    assert upstream.requests == []


@pytest.mark.django_db
def test_a_successful_fetch_logs_nothing_with_the_key(keyed, upstream, caplog):
    caplog.set_level(logging.DEBUG)
    assert on(keyed).get(TILE).status_code == 200
    assert KEY not in caplog.text


@pytest.mark.django_db
def test_a_client_asking_for_too_many_tiles_gets_429_and_spends_no_more_of_the_key(settings, keyed, upstream):
    from django.core.cache import cache

    cache.clear()
    settings.MAP_TILE_RATE_LIMIT = (2, 60)
    client = Client(HTTP_HOST=f"{keyed.subdomain}.localhost", REMOTE_ADDR="198.51.100.20")
    answers = [client.get(f"/map-tiles/maps/raster/v1/zxy/Light_3857/{Z}/{X}/{Y + i}.png") for i in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[2]["Retry-After"]) >= 1
    assert len(tile_requests(upstream)) == 2
    cache.clear()
