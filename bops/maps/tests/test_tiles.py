"""tile_get and tile_allowed with the fake tile source (no HTTP)."""

import pytest

from bops.maps.tiles import FakeTileSource, NoKeyError, Tile, TileError, tile_allowed, tile_get


@pytest.mark.parametrize(
    ("layer", "z", "x", "y", "allowed"),
    [
        ("Light_3857", 0, 0, 0, True),
        ("Light_3857", 17, 65508, 43583, True),
        ("Road_3857", 7, 63, 42, True),
        ("Light_3857", 20, 524_033, 348_669, True),
        ("Light_3857", 21, 0, 0, False),
        ("Light_3857", -1, 0, 0, False),
        ("Light_3857", 1, 2, 0, False),
        ("Light_3857", 1, 0, 2, False),
        ("Light_3857", 1, -1, 0, False),
        ("Light_3857", 7, 20, 40, False),  # the Atlantic off America
        ("Light_3857", 7, 64, 60, False),  # Africa
        ("Light_27700", 7, 63, 42, False),
        ("light_3857", 7, 63, 42, False),
        ("", 7, 63, 42, False),
    ],
)
def test_only_tiles_of_known_layers_in_the_grid_and_over_great_britain_are_allowed(layer, z, x, y, allowed):
    assert tile_allowed(layer=layer, z=z, x=x, y=y) is allowed


@pytest.mark.django_db
def test_a_council_without_a_key_asks_no_one(southwark):
    source = FakeTileSource()
    with pytest.raises(NoKeyError):
        tile_get(council=southwark, layer="Light_3857", z=17, x=65508, y=43583, source=source)
    assert source.calls == []


@pytest.mark.django_db
def test_the_councils_key_is_used_and_the_tile_is_kept(southwark):
    southwark.os_maps_api_key = "k" * 32
    source = FakeTileSource(tile=Tile(content=b"\x89PNG\r\n\x1a\nx", content_type="image/png"))
    for _ in range(3):
        tile = tile_get(council=southwark, layer="Light_3857", z=17, x=65508, y=43583, source=source)
    assert tile.content == b"\x89PNG\r\n\x1a\nx"
    assert source.calls == [{"layer": "Light_3857", "z": 17, "x": 65508, "y": 43583, "key": "k" * 32}]


@pytest.mark.django_db
def test_a_failure_is_not_kept(southwark):
    southwark.os_maps_api_key = "k" * 32
    failing = FakeTileSource(error=TileError("Ordnance Survey answered 503"))
    with pytest.raises(TileError):
        tile_get(council=southwark, layer="Light_3857", z=17, x=65508, y=43583, source=failing)
    working = FakeTileSource()
    tile_get(council=southwark, layer="Light_3857", z=17, x=65508, y=43583, source=working)
    assert len(working.calls) == 1
