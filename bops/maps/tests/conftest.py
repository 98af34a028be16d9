import pytest

from bops.maps.tests.fake_tile_server import fake_tile_server  # noqa: F401 - a fixture


@pytest.fixture(autouse=True)
def tile_cache(settings, tmp_path):
    """Each test has its own, empty "tiles" cache (a file cache, as in production)."""
    settings.CACHES = {
        **settings.CACHES,
        "tiles": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "tiles"),
        },
    }
    from django.core.cache import caches

    return caches["tiles"]
