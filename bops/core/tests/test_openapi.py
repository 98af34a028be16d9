"""The OpenAPI description other systems build against: it must build cleanly, with the key scheme named."""

from io import StringIO

import pytest
import yaml
from django.core.management import call_command


@pytest.mark.django_db
def test_the_schema_builds_without_warnings_and_describes_the_api_key():
    out = StringIO()
    call_command("spectacular", "--fail-on-warn", "--validate", stdout=out)
    schema = yaml.safe_load(out.getvalue())
    scheme = schema["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert "/api/v2/planning_applications/{reference}/validation_requests/{request_id}/response" in schema["paths"]
