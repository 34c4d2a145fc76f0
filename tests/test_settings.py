"""The settings file (rapport.settings): precedence, validation, writing with comments kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from rapport import settings


@pytest.fixture
def conf() -> Path:
    return Path(os.environ["RAPPORT_CONFIG"])


def write(conf: Path, text: str) -> None:
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text(text, encoding="utf-8")


def test_defaults_without_a_file(conf):
    assert not conf.exists()
    assert settings.get("days") == 7
    assert settings.get("date-order") == "day-month"  # LANG=C.UTF-8 has no territory
    assert settings.get("colour") == "auto"
    assert settings.source("days") == "default"
    assert not conf.exists()  # reading never creates it


def test_locale_gives_the_default_order(monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert settings.get("date-order") == "month-day"
    monkeypatch.setenv("LC_TIME", "de_DE.UTF-8")
    assert settings.get("date-order") == "day-month"


def test_variable_beats_file_beats_default(conf, monkeypatch):
    write(conf, "days = 14\nweek-start = 'sunday'\n")
    assert (settings.get("days"), settings.source("days")) == (14, "file")
    monkeypatch.setenv("RAPPORT_DAYS", "3")
    assert (settings.get("days"), settings.source("days")) == (3, "RAPPORT_DAYS")
    assert settings.get("week-start") == "sunday"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("days = 'soon'\n", ["'days'", "whole number of days"]),
        ("days = 99999\n", ["'days'", "0 to 3650"]),
        ("date-order = 'year-first'\n", ["'date-order'", "day-month or month-day"]),
        ("colour = 'sometimes'\n", ["'colour'", "auto, always or never"]),
        ("rhythm = 'every blue moon'\n", ["'rhythm'", "30d"]),
        ("half-life = 0\n", ["'half-life'", "1 to 3650"]),
        ("channels = 'email'\n", None),  # a string of words is accepted as a list
        ("colour = auto\n", ["not valid TOML"]),
        ("favourite = 'tea'\n", ["unknown key 'favourite'", "days, date-order"]),
    ],
)
def test_a_bad_file_is_one_line_naming_file_key_and_allowed(conf, text, words):
    write(conf, text)
    if words is None:
        assert settings.get("channels") == ["email"]
        return
    with pytest.raises(settings.SettingsError) as caught:
        settings.get("days")
    message = str(caught.value)
    assert "\n" not in message and str(conf) in message
    for word in words:
        assert word in message
    assert caught.value.exit_code == 2


def test_bad_variable_names_the_variable(monkeypatch):
    monkeypatch.setenv("RAPPORT_COLOUR", "purple")
    with pytest.raises(settings.SettingsError, match="RAPPORT_COLOUR: 'colour' must be auto"):
        settings.get("colour")


def test_set_keeps_comments_and_validates_first(conf):
    write(conf, "# my settings\ndays = 10  # a fortnight is too long\n")
    assert settings.set_value("date-order", "Month-Day") == "month-day"
    assert settings.set_value("channels", "email, Phone") == ["email", "phone"]
    text = conf.read_text()
    assert "# my settings" in text and "# a fortnight is too long" in text
    assert settings.get("date-order") == "month-day" and settings.get("days") == 10
    with pytest.raises(settings.SettingsError, match="'days' must be"):
        settings.set_value("days", "-1")
    assert conf.read_text() == text  # nothing written


def test_unset_removes_only_that_key(conf):
    settings.set_value("days", "3")
    settings.set_value("colour", "never")
    assert settings.unset("days") is True
    assert settings.unset("days") is False
    assert settings.source("days") == "default" and settings.get("colour") == "never"


def test_unknown_key_lists_the_keys():
    with pytest.raises(settings.SettingsError, match="unknown setting 'day'; the keys are: days"):
        settings.get("day")


def _imported(env: dict[str, str], code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; {code}; print(' '.join(sys.modules))"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_no_file_imports_neither_pydantic_nor_tomllib(conf):
    loaded = _imported({}, "from rapport import settings; settings.get('days')")
    assert "pydantic" not in loaded and "tomllib" not in loaded


def test_a_file_is_validated_with_pydantic(conf):
    write(conf, "days = 5\n")
    loaded = _imported({}, "from rapport import settings; assert settings.get('days') == 5")
    assert "pydantic" in loaded


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
@pytest.mark.parametrize("xdg", [None, "", "  ", "/tmp/xdg-config", "relative/config"])
def test_the_config_folder_is_where_platformdirs_puts_it(monkeypatch, xdg):
    import platformdirs

    if xdg is None:
        monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
    assert settings.config_folder() == Path(platformdirs.user_config_dir("rapport"))
