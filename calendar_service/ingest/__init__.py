"""Getting articles in: the article file format, the ingest pipeline, folders of files.

Network sources (RSS/Atom feeds and web pages) live in fetch.py and web_sources.py.
"""

from calendar_service.ingest.article_file import (
    ArticleFormatError,
    parse_article_text,
    read_article_file,
)
from calendar_service.ingest.folder import FileError, IngestReport, ingest_paths
from calendar_service.ingest.pipeline import IngestResult, ingest_article

__all__ = [
    "ArticleFormatError",
    "FileError",
    "IngestReport",
    "IngestResult",
    "ingest_article",
    "ingest_paths",
    "parse_article_text",
    "read_article_file",
]
