"""calendar-service: news articles in, subscribable calendars of visits and summits out."""

__version__ = "0.1.0"
