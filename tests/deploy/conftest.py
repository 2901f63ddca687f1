"""The live server fixture of the integration tests: the dashboards are checked against a real scrape."""

from tests.integration.conftest import live_server

__all__ = ["live_server"]
