"""Settings: the file, environment overrides, CLI overrides, and one-line errors naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from calendar_service.config import DEFAULT_CONFIG, REPO_ROOT, ConfigError, load_settings


def _config(tmp_path: Path, text: str) -> Path:
    """A settings file at <tmp>/config/settings.toml, so relative paths resolve to <tmp>."""
    path = tmp_path / "config" / "settings.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_repository_defaults() -> None:
    settings = load_settings(environ={})
    assert settings.database_url == f"sqlite:///{REPO_ROOT / 'var' / 'calendar.sqlite3'}"
    assert (settings.host, settings.port) == ("127.0.0.1", 8080)
    assert settings.feeds_dir == REPO_ROOT / "feeds"
    (seeds,) = settings.sources
    assert (seeds.name, seeds.kind, seeds.location) == ("seeds", "folder",
                                                        str(REPO_ROOT / "seeds"))


def test_relative_paths_are_relative_to_the_settings_root_not_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _config(tmp_path, '[database]\nurl = "sqlite:///data/x.db"\n'
                             '[calendar]\nfeeds_dir = "myfeeds"\n'
                             '[[sources]]\nname = "local"\npath = "articles"\n')
    monkeypatch.chdir("/")
    settings = load_settings(path, environ={})
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'x.db'}"
    assert settings.feeds_dir == tmp_path / "myfeeds"
    assert settings.sources[0].location == str(tmp_path / "articles")


@pytest.mark.parametrize("url", [
    "sqlite:////var/lib/calendar.db", "sqlite:///:memory:",
    "postgresql+psycopg://postgres@127.0.0.1:5432/test",
])
def test_absolute_and_server_urls_are_kept(tmp_path: Path, url: str) -> None:
    path = _config(tmp_path, f'[database]\nurl = "{url}"\n')
    assert load_settings(path, environ={}).database_url == url


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = _config(tmp_path, "[server]\nport = 9000\n")
    settings = load_settings(path, environ={
        "CALENDAR_SERVICE_DATABASE_URL": "postgresql+psycopg://root@127.0.0.1/test",
        "CALENDAR_SERVICE_PORT": "9100",
        "CALENDAR_SERVICE_HOST": "0.0.0.0",
        "CALENDAR_SERVICE_REFRESH_MINUTES": "5",
        "CALENDAR_SERVICE_ALLOW_PRIVATE_HOSTS": "127.0.0.1, 10.0.0.0/8",
        "CALENDAR_SERVICE_API_TOKEN": "secret",
    })
    assert settings.database_url == "postgresql+psycopg://root@127.0.0.1/test"
    assert (settings.host, settings.port, settings.refresh_minutes) == ("0.0.0.0", 9100, 5)
    assert settings.allow_private_hosts == ("127.0.0.1", "10.0.0.0/8")
    assert settings.api_token == "secret"


def test_config_file_from_the_environment(tmp_path: Path) -> None:
    path = _config(tmp_path, "[server]\nport = 9200\n")
    assert load_settings(environ={"CALENDAR_SERVICE_CONFIG": str(path)}).port == 9200
    # An explicit path (the --config flag) wins over the environment.
    assert load_settings(DEFAULT_CONFIG, environ={"CALENDAR_SERVICE_CONFIG": str(path)}).port \
        == 8080


def test_cli_overrides_skip_values_not_given() -> None:
    settings = load_settings(environ={})
    changed = settings.with_overrides(port=9999, host=None, database_url=None)
    assert (changed.port, changed.host, changed.database_url) == (
        9999, settings.host, settings.database_url)


@pytest.mark.parametrize(("text", "environ", "named"), [
    ("[server]\nport = 70000\n", {}, "'server.port' is out of range"),
    ("[server]\nport = true\n", {}, "'server.port'"),
    ("[server]\nport = 'http'\n", {}, "'server.port' must be an integer"),
    ("", {"CALENDAR_SERVICE_PORT": "eighty"}, "'CALENDAR_SERVICE_PORT' must be an integer"),
    ("[refresh]\ninterval_minutes = 0\n", {}, "'refresh.interval_minutes' is out of range"),
    ("[server]\nhost = 127\n", {}, "'server.host' must be a string"),
    ("[database]\nurl = ['x']\n", {}, "'database.url' must be a string"),
    ("[fetch]\nallow_private_hosts = [1]\n", {}, "'fetch.allow_private_hosts' must be a list"),
    ("sources = 'seeds'\n", {}, "'sources' must be a list"),
    ("[[sources]]\npath = 'seeds'\n", {}, "'sources[0].name' is required"),
    ("[[sources]]\nname = 'x'\nkind = 'ftp'\n", {}, "'sources[0].kind' must be"),
    ("[[sources]]\nname = 'x'\nkind = 'rss'\n", {}, "'sources[0].url' is required"),
    ("[[sources]]\nname = 'x'\npath = 'a'\ninterval_minutes = 0\n", {},
     "'sources[0].interval_minutes' must be a positive integer"),
    ("[server\n", {}, "is not valid TOML"),
])
def test_bad_settings_raise_one_line_naming_the_setting(
    tmp_path: Path, text: str, environ: dict[str, str], named: str
) -> None:
    path = _config(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_settings(path, environ=environ)
    assert named in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_settings_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="settings file not found"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_settings_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.toml"
    path.parent.mkdir()
    path.write_bytes(b"[server]\nhost = '\xff'\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(path, environ={})
