"""Shell completion that quotes what it offers: a contact named `Greta Holm` or `O'Brien & Co`
is inserted as one shell word in bash, zsh and fish.

Typer's bash script inserts candidates unquoted, and its zsh answers escape quotes for a shell
option (RC_QUOTES) that is off by default; `use_quoting_scripts` swaps in the bash script and
the formats below before Typer prints, installs or answers a completion. Fish quotes what it
inserts by itself.
"""

from __future__ import annotations

import re
from typing import Any

# mapfile: one candidate a line, no word splitting or globbing of what the program printed.
BASH_SCRIPT = """
%(complete_func)s() {
    local IFS=$'\\n'
    mapfile -t COMPREPLY < <(env COMP_WORDS="${COMP_WORDS[*]}" \\
                   COMP_CWORD=$COMP_CWORD \\
                   %(autocomplete_var)s=complete_bash "$1")
    return 0
}

complete -o default -F %(complete_func)s %(prog_name)s
"""
_BASH_SAFE = re.compile(r"[^\w@%+=:,./-]")


def bash_word(value: str) -> str:
    """One shell word, each special character backslashed, as bash's printf %q writes it."""
    return _BASH_SAFE.sub(lambda m: "\\" + m.group(), value)


def zsh_item(value: str, help_text: str | None = None) -> str:
    """One item of `_arguments '*: :((item ...))'`: a double-quoted word with its colons
    escaped for _arguments, then made safe inside the single quotes around the whole list."""

    def word(text: str) -> str:
        inner = re.sub(r'(["$`\\])', r"\\\1", text).replace(":", "\\\\:")
        return f'"{inner}"'

    item = word(value) + (f":{word(' '.join(help_text.split()))}" if help_text else "")
    return item.replace("'", "'\\''")


def use_quoting_scripts() -> None:
    """Make Typer print and answer with the quoting scripts and formats above."""
    from typer import _completion_classes as classes
    from typer import _completion_shared as shared

    shared._completion_scripts["bash"] = BASH_SCRIPT
    classes.BashComplete.source_template = BASH_SCRIPT
    classes.BashComplete.format_completion = _bash_format  # type: ignore[method-assign]
    classes.ZshComplete.format_completion = _zsh_format  # type: ignore[method-assign]


def _bash_format(self: Any, item: Any) -> str:
    return bash_word(item.value)


def _zsh_format(self: Any, item: Any) -> str:
    return zsh_item(item.value, item.help)
