"""The live server fixture of the integration tests: the dashboards are checked against a real scrape."""

from tests.integration.conftest import api_server

__all__ = ["api_server"]
