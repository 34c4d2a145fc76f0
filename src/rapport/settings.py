"""Preferences: a TOML file in the user config folder, RAPPORT_* variables over it, flags over
both (the caller applies its flag: `flag if flag is not None else settings.get(key)`).

Start-up cost matters: with no file, nothing is read and neither tomllib nor pydantic is
imported; with a file, it is read once per process and validated with Pydantic.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapport.defaults import HALF_LIFE_DAYS
from rapport.errors import UsageError

ENV_CONFIG = "RAPPORT_CONFIG"
HEADER = "# rapport settings: `rapport config list` shows every key and what it allows.\n"
# `--channel` outside this list is caught when it looks like a typo of one in it.
DEFAULT_CHANNELS = (
    *("email", "phone", "call", "video", "meeting", "chat", "message", "text"),
    *("letter", "lunch", "coffee", "visit", "event", "social"),
)
_MONTH_FIRST_TERRITORIES = {"US", "PH", "FM", "MH", "PW", "BZ"}


class SettingsError(UsageError):
    """A bad settings file or value: exit 2, nothing written."""


@dataclass(frozen=True)
class Key:
    name: str
    env: str
    allowed: str  # what a value may be, for error lines and `config list`
    help: str


_KEYS = (
    ("days", "RAPPORT_DAYS", "a whole number of days from 0 to 3650",
     "how far `due` and `dates` look ahead"),
    ("date-order", "RAPPORT_DATE_ORDER", "day-month or month-day",
     "how a numeric date like 5/12 reads"),
    ("week-start", "RAPPORT_WEEK_START", "monday or sunday",
     "the first day of a week: where 'next week' (and its friday) begins"),
    ("half-life", "RAPPORT_HALF_LIFE", "a number of days from 1 to 3650",
     "how fast evidence fades in the trust figures"),
    ("rhythm", "RAPPORT_RHYTHM", "an interval like 30d, 2w or 3m, or empty for none",
     "the stay-in-touch cadence new contacts get"),
    ("channels", "RAPPORT_CHANNELS", 'a list of channel words, e.g. ["email", "phone"]',
     "the channels this journal uses; a typo of one is refused"),
    ("name", "RAPPORT_USER", "a non-empty name",
     "who I am: the owner of my contacts in team mode"),
    ("colour", "RAPPORT_COLOUR", "auto, always or never",
     "colour and styles in tables (NO_COLOR turns them off too)"),
)  # fmt: skip
KEYS = {row[0]: Key(*row) for row in _KEYS}


def path() -> Path:
    """RAPPORT_CONFIG, else config.toml in the platform's user config folder."""
    given = os.environ.get(ENV_CONFIG, "").strip()
    if given:
        return Path(given).expanduser()
    return config_folder() / "config.toml"


def config_folder() -> Path:
    """The platform's user config folder for rapport. On Linux, the XDG rule platformdirs
    follows, without importing it (~6 ms of every run); elsewhere, platformdirs."""
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CONFIG_HOME", "")  # only an absolute one counts
        return Path(base if os.path.isabs(base) else os.path.expanduser("~/.config")) / "rapport"
    import platformdirs

    return Path(platformdirs.user_config_dir("rapport", appauthor=False))


def defaults() -> dict[str, Any]:
    return {
        "days": 7,
        "date-order": _locale_order(),
        "week-start": "monday",
        "half-life": HALF_LIFE_DAYS,
        "rhythm": "",
        "channels": list(DEFAULT_CHANNELS),
        "name": _login_name(),
        "colour": "auto",
    }


def _login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers): records stay unsigned
        return "unknown"


def _locale_order() -> str:
    """month-day where the locale's territory writes dates that way (en_US), else day-month."""
    for var in ("LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(var, "")
        if value:
            territory = value.split(".")[0].partition("_")[2].upper()
            return "month-day" if territory in _MONTH_FIRST_TERRITORIES else "day-month"
    return "day-month"


# --- reading -----------------------------------------------------------------------------

_cache: dict[tuple[str, int], dict[str, Any]] = {}


def file_values() -> dict[str, Any]:
    """The file's settings, validated; {} when there is no file (nothing imported then)."""
    where = path()
    try:
        stamp = where.stat().st_mtime_ns
    except OSError:
        return {}
    key = (str(where), stamp)
    if key not in _cache:
        _cache.clear()
        _cache[key] = validate(_read_toml(where), str(where))
    return _cache[key]


def _read_toml(where: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(where.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(
            f"{where}: not valid TOML ({exc}); fix it with `rapport config edit`"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{where}: cannot be read ({exc})") from None


def source(name: str) -> str:
    """Where the value in force comes from: the variable, the file or the default."""
    key = _key(name)
    if os.environ.get(key.env, "").strip():
        return key.env
    return "file" if key.name in file_values() else "default"


def get(name: str) -> Any:
    """The value in force: RAPPORT_* variable, else the file, else the default."""
    key = _key(name)
    raw = os.environ.get(key.env, "").strip()
    if raw:
        return _checked(key, raw, key.env)  # no pydantic here: variables are on every start
    found = file_values()
    return found[key.name] if key.name in found else defaults()[key.name]


def _key(name: str) -> Key:
    key = KEYS.get(name.strip().lower().replace("_", "-"))
    if key is None:
        raise SettingsError(f"unknown setting '{name}'; the keys are: {', '.join(KEYS)}")
    return key


# --- validating --------------------------------------------------------------------------

_CHOICES = {
    "date-order": ("day-month", "month-day"),
    "week-start": ("monday", "sunday"),
    "colour": ("auto", "always", "never"),
}


def rule(name: str, value: Any) -> Any:
    """The one rule of each key, for text (a variable, `config set`) and typed TOML values
    alike: the value normalised, or ValueError."""
    if isinstance(value, str) and name != "channels":
        value = value.strip()
    if name == "days":
        days = int(value) if isinstance(value, str) else value
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 3650:
            raise ValueError(name)
        return days
    if name == "half-life":
        days = float(value) if isinstance(value, str | int) and value is not True else value
        if not isinstance(days, float) or not 1 <= days <= 3650:  # also refuses nan
            raise ValueError(name)
        return days
    if name in _CHOICES:
        if not isinstance(value, str) or value.lower() not in _CHOICES[name]:
            raise ValueError(name)
        return value.lower()
    return _text_rule(name, value)


def _text_rule(name: str, value: Any) -> Any:
    if name == "channels":
        words = value.split(",") if isinstance(value, str) else value
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ValueError(name)
        cleaned = [w.strip().lower() for w in words if w.strip()]
        if not cleaned:
            raise ValueError(name)
        return cleaned
    if not isinstance(value, str) or (name == "name" and not 1 <= len(value) <= 200):
        raise ValueError(name)
    if name == "rhythm" and value:
        from rapport import dates

        dates.parse_every(value)  # a DateError is a ValueError
    return value


def _checked(key: Key, value: Any, where: str) -> Any:
    try:
        return rule(key.name, value)
    except ValueError:
        raise _bad(where, key.name, value) from None


def _bad(where: str, name: str, value: Any) -> SettingsError:
    return SettingsError(f"{where}: '{name}' must be {KEYS[name].allowed} (got {value!r})")


def validate(values: dict[str, Any], where: str) -> dict[str, Any]:
    """A whole file's values checked with Pydantic (each key by its `rule`); a bad one is one
    line naming `where`, the key and what is allowed."""
    from pydantic import ValidationError

    for name in values:
        if name not in KEYS:
            raise SettingsError(f"{where}: unknown key '{name}'; the keys are: {', '.join(KEYS)}")
    try:
        model = _model().model_validate(values)
    except ValidationError as exc:
        name = str(exc.errors()[0]["loc"][0])
        raise _bad(where, name, values.get(name)) from None
    return {k: v for k, v in model.model_dump(by_alias=True).items() if k in values}


_model_class: Any = None


def _model() -> Any:
    global _model_class
    if _model_class is None:
        _model_class = _build_model()
    return _model_class


def _build_model() -> Any:
    from typing import Annotated

    from pydantic import BaseModel, BeforeValidator, ConfigDict

    def checked(name: str) -> Any:
        return Annotated[Any, BeforeValidator(lambda v: None if v is None else rule(name, v))]

    class Settings(BaseModel):
        model_config = ConfigDict(
            extra="forbid", alias_generator=lambda s: s.replace("_", "-"), populate_by_name=True
        )
        days: checked("days") = None
        date_order: checked("date-order") = None
        week_start: checked("week-start") = None
        half_life: checked("half-life") = None
        rhythm: checked("rhythm") = None
        channels: checked("channels") = None
        name: checked("name") = None
        colour: checked("colour") = None

    return Settings


# --- writing -----------------------------------------------------------------------------


def set_value(name: str, raw: str) -> Any:
    """Validate, then write the file keeping its comments; returns the stored value."""
    key = _key(name)
    where = path()
    value = _checked(key, raw, f"{where}")
    doc = _document(where)
    doc[key.name] = value
    _write(where, doc)
    return value


def unset(name: str) -> bool:
    """Remove a key from the file; False when it was not there."""
    key = _key(name)
    where = path()
    if not where.exists():
        return False
    doc = _document(where)
    if key.name not in doc:
        return False
    del doc[key.name]
    _write(where, doc)
    return True


def check_file(where: Path, shown_as: Path | None = None) -> None:
    """Raise SettingsError naming the problem when the file at `where` is not valid."""
    try:
        validate(_read_toml(where), str(shown_as or where))
    except SettingsError as exc:
        raise SettingsError(str(exc).replace(str(where), str(shown_as or where))) from None
    _cache.clear()


def _document(where: Path) -> Any:
    import tomlkit

    if not where.exists():
        return tomlkit.parse(HEADER)
    text = where.read_text(encoding="utf-8")
    try:
        return tomlkit.parse(text)
    except Exception as exc:  # tomlkit's parse errors share no public base class
        raise SettingsError(
            f"{where}: not valid TOML ({exc}); fix it with `rapport config edit`"
        ) from None


def _write(where: Path, doc: Any) -> None:
    """Validate the whole result, then replace the file in one step (never half-written)."""
    import tomlkit

    text = tomlkit.dumps(doc)
    text = text if text.endswith("\n") else text + "\n"
    validate(_read_text(text, where), str(where))
    where.parent.mkdir(parents=True, exist_ok=True)
    tmp = where.with_name(where.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, where)
    _cache.clear()


def _read_text(text: str, where: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{where}: not valid TOML ({exc})") from None
