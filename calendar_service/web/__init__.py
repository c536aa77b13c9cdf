"""HTTP: the Flask app (feeds, JSON API, timeline page) on top of the store and publisher."""

from calendar_service.web.app import create_app

__all__ = ["create_app"]
