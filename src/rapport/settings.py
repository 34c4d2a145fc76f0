"""Preferences: a TOML file in the user config folder, RAPPORT_* variables over it, flags over
both (the caller applies its flag: `flag if flag is not None else settings.get(key)`).

Start-up cost matters: with no file, nothing is read and neither tomllib nor pydantic is
imported; with a file, it is read once per process and validated with Pydantic.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
     "the first day of a week ('next week', 'end of week')"),
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
    import platformdirs  # lazy: only when RAPPORT_CONFIG does not say where

    return Path(platformdirs.user_config_dir("rapport", appauthor=False)) / "config.toml"


def defaults() -> dict[str, Any]:
    from rapport.store.connection import login_name

    return {
        "days": 7,
        "date-order": _locale_order(),
        "week-start": "monday",
        "half-life": 90.0,
        "rhythm": "",
        "channels": list(DEFAULT_CHANNELS),
        "name": login_name(),
        "colour": "auto",
    }


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
        return validate({key.name: raw}, key.env)[key.name]
    found = file_values()
    return found[key.name] if key.name in found else defaults()[key.name]


def _key(name: str) -> Key:
    key = KEYS.get(name.strip().lower().replace("_", "-"))
    if key is None:
        raise SettingsError(f"unknown setting '{name}'; the keys are: {', '.join(KEYS)}")
    return key


# --- validating --------------------------------------------------------------------------


def validate(values: dict[str, Any], where: str) -> dict[str, Any]:
    """Checked and normalised values; a bad one is one line naming `where`, the key and what
    is allowed."""
    from pydantic import ValidationError

    for name in values:
        if name not in KEYS:
            raise SettingsError(f"{where}: unknown key '{name}'; the keys are: {', '.join(KEYS)}")
    try:
        model = _model().model_validate(values)
    except ValidationError as exc:
        name = str(exc.errors()[0]["loc"][0])
        given = values.get(name)
        raise SettingsError(
            f"{where}: '{name}' must be {KEYS[name].allowed} (got {given!r})"
        ) from None
    return {k: v for k, v in model.model_dump(by_alias=True).items() if k in values}


_model_class: Any = None


def _model() -> Any:
    global _model_class
    if _model_class is None:
        _model_class = _build_model()
    return _model_class


def _build_model() -> Any:
    from typing import Annotated, Literal

    from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

    def words(value: Any) -> Any:
        if isinstance(value, str):  # from a variable or `config set`: 'email, phone'
            value = value.split(",")
        if isinstance(value, list) and all(isinstance(w, str) for w in value):
            return [w.strip().lower() for w in value if w.strip()] or None
        return value

    def lower(value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    def stripped(value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    class Settings(BaseModel):
        model_config = ConfigDict(
            extra="forbid", alias_generator=lambda s: s.replace("_", "-"), populate_by_name=True
        )
        days: int | None = Field(None, ge=0, le=3650)
        date_order: Annotated[Literal["day-month", "month-day"] | None, BeforeValidator(lower)] = (
            None
        )
        week_start: Annotated[Literal["monday", "sunday"] | None, BeforeValidator(lower)] = None
        half_life: float | None = Field(None, ge=1, le=3650, allow_inf_nan=False)
        rhythm: Annotated[str | None, BeforeValidator(stripped)] = None
        channels: Annotated[list[str] | None, BeforeValidator(words)] = None
        name: Annotated[
            str | None, BeforeValidator(stripped), Field(min_length=1, max_length=200)
        ] = None
        colour: Annotated[Literal["auto", "always", "never"] | None, BeforeValidator(lower)] = None

        @field_validator("rhythm")
        @classmethod
        def interval(cls, value: str | None) -> str | None:
            from rapport import dates

            if value:
                dates.parse_every(value)  # a DateError is a ValueError: pydantic reports it
            return value

    return Settings


# --- writing -----------------------------------------------------------------------------


def set_value(name: str, raw: str) -> Any:
    """Validate, then write the file keeping its comments; returns the stored value."""
    key = _key(name)
    where = path()
    value = validate({key.name: raw}, f"{where}")[key.name]
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


def check_file(where: Path) -> None:
    """Raise SettingsError naming the problem when the file at `where` is not valid."""
    validate(_read_toml(where), str(where))


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
