"""The accessibility check the other browser tests rely on does fail on an inaccessible page."""

import pytest

from tests.e2e.conftest import assert_no_axe_violations


def test_the_axe_check_fails_on_a_page_with_violations(page):
    page.set_content('<html><body><img src="data:,"><input type="text"></body></html>')
    with pytest.raises(pytest.fail.Exception, match="image-alt"):
        assert_no_axe_violations(page)
