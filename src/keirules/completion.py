"""Shell completion scripts (bash, zsh, fish) for ``keirules completion SHELL``, and the
manual page for ``keirules manual``.

The scripts are written from the command line's own parser, so every command, option and choice
is there, plus the names this installation knows: rule set families and versions (plugins
included), markets and each market's states or provinces. The names are fixed when the script
is printed; print it again after installing rule sets.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Final

__all__ = ["SHELLS", "completion_script", "known_names", "manual_page"]

SHELLS: Final = ("bash", "zsh", "fish")


@dataclass
class _Option:
    flags: tuple[str, ...]
    help: str
    takes_value: bool
    values: str  # a key of the names table, "files", or "" (nothing to offer)


@dataclass
class _Command:
    name: str
    help: str
    options: list[_Option] = field(default_factory=list)
    words: str = ""  # what its positionals complete to: a names key, "files" or ""


def known_names() -> dict[str, list[str]]:
    """Rule set families and FAMILY@VERSION names, market codes, states: as completed."""
    from keirules.markets import find_market, known_markets
    from keirules.regions import region_codes
    from keirules.rulesets.catalog import default_catalog

    catalog = default_catalog()
    families = catalog.families()
    markets = sorted(code.upper() for code in known_markets())
    states: set[str] = set()
    for code in markets:
        try:
            states.update(region_codes(find_market(code)))
        except Exception:  # a broken market file must not break completion
            continue
    return {
        "rulesets": [*families, *catalog.names()],
        "families": families,
        "markets": markets,
        "states": [*sorted(states), "all"],
    }


_VALUES: Final = {"ruleset": "rulesets", "old": "rulesets", "new": "rulesets",
                  "name": "rulesets", "family": "families", "market": "markets",
                  "state": "states", "output": "files", "markets_dir": "files",
                  "specs": "files", "spec": "files", "files": "files"}


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction[
        argparse.ArgumentParser] | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def _options(parser: argparse.ArgumentParser, choices: dict[str, list[str]]) -> list[_Option]:
    options = []
    for action in parser._actions:
        if not action.option_strings:
            continue
        takes_value = action.nargs != 0
        values = _VALUES.get(action.dest, "")
        if action.choices is not None and takes_value:
            key = f"choices:{action.dest}:{id(action)}"
            choices[key] = [str(c) for c in action.choices]
            values = key
        options.append(_Option(tuple(action.option_strings), action.help or "", takes_value,
                               values))
    return options


def _commands(parser: argparse.ArgumentParser,
              names: dict[str, list[str]]) -> list[_Command]:
    """Each sub-command with its options and what its positionals complete to."""
    action = _subparsers(parser)
    assert action is not None
    helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
    commands = []
    for name, sub in action.choices.items():
        command = _Command(name, helps.get(name, ""), _options(sub, names))
        nested = _subparsers(sub)
        if nested is not None:  # plot limits|vehicles: the chart names, and both's options
            names[f"choices:{name}"] = list(nested.choices)
            command.words = f"choices:{name}"
            seen = {o.flags for o in command.options}
            for chart in nested.choices.values():
                for option in _options(chart, names):
                    if option.flags not in seen:
                        seen.add(option.flags)
                        command.options.append(option)
        else:
            for positional in sub._actions:
                if positional.option_strings or positional.dest == "help":
                    continue
                if positional.choices is not None:
                    names[f"choices:{name}"] = [str(c) for c in positional.choices]
                    command.words = f"choices:{name}"
                else:
                    command.words = _VALUES.get(positional.dest, "files")
                break
        commands.append(command)
    return commands


def completion_script(shell: str, parser: argparse.ArgumentParser,
                      names: dict[str, list[str]] | None = None) -> str:
    """The completion script for ``shell`` (bash, zsh or fish)."""
    table = dict(known_names() if names is None else names)
    commands = _commands(parser, table)
    top = _options(parser, table)
    if shell == "bash":
        return _bash(commands, top, table)
    if shell == "zsh":
        return _zsh(commands, top, table)
    if shell == "fish":
        return _fish(commands, top, table)
    raise ValueError(shell)


def _compgen(items: Iterable[str]) -> str:
    return f'COMPREPLY=($(compgen -W {shlex.quote(" ".join(items))} -- "$cur"))'


def _compadd(items: Iterable[str]) -> str:
    return "compadd -- " + " ".join(shlex.quote(item) for item in items)


def _value_cases(commands: list[_Command], table: dict[str, list[str]], indent: str,
                 files: str, words: Callable[[list[str]], str]) -> list[str]:
    """Shell `case` arms completing an option's value: per command, then shared ones."""
    lines = []
    for command in commands:
        arms = [o for o in command.options if o.takes_value and o.values]
        if not arms:
            continue
        lines.append(f"{indent}{command.name})")
        lines.append(f"{indent}    case $prev in")
        for option in arms:
            body = files if option.values == "files" else words(table[option.values])
            lines.append(f"{indent}        {'|'.join(option.flags)}) {body}; return;;")
        lines.append(f"{indent}    esac;;")
    return lines


def _dispatch(commands: list[_Command], top: list[_Option], table: dict[str, list[str]],
              files: str, words: Callable[[list[str]], str], *, then_files: bool) -> list[str]:
    """The body bash and zsh share once ``cmd`` is found: commands and top options when there
    is none, option values, then each command's options or positional words."""
    lines = [
        '    if [[ -z "$cmd" ]]; then',
        "        " + words([c.name for c in commands] + [f for o in top for f in o.flags])
        + "; return",
        "    fi",
        '    case "$cmd" in',
        *_value_cases(commands, table, "        ", files, words),
        "    esac",
        '    case "$cmd" in',
    ]
    for command in commands:
        flags = [f for o in command.options for f in o.flags]
        if command.words in ("", "files"):
            positional = files
        else:
            positional = words(table[command.words]) + (f"; {files}" if then_files else "")
        lines.append(f"        {command.name}) if [[ $cur == -* ]]; then "
                     f"{words(flags)}; else {positional}; fi;;")
    return [*lines, "    esac"]


def _bash(commands: list[_Command], top: list[_Option], table: dict[str, list[str]]) -> str:
    lines = [
        "# bash completion for keirules (keirules completion bash)",
        "_keirules() {",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
        '    local cmd="" i',
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        '        case "${COMP_WORDS[i]}" in -*) ;; *) cmd="${COMP_WORDS[i]}"; break;; esac',
        "    done",
        # `complete -o default` offers file names when COMPREPLY is empty
        *_dispatch(commands, top, table, "COMPREPLY=()", _compgen, then_files=False),
        "}", "complete -o default -F _keirules keirules", "",
    ]
    return "\n".join(lines)


def _zsh(commands: list[_Command], top: list[_Option], table: dict[str, list[str]]) -> str:
    lines = [
        "#compdef keirules",
        "# zsh completion for keirules (keirules completion zsh)",
        "_keirules() {",
        '    local cur="${words[CURRENT]}" prev="${words[CURRENT-1]}" cmd="" i',
        "    for ((i = 2; i < CURRENT; i++)); do",
        '        [[ "${words[i]}" != -* ]] && { cmd="${words[i]}"; break }',
        "    done",
        *_dispatch(commands, top, table, "_files", _compadd, then_files=True),
        "}",
        'if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then',
        '    _keirules "$@"', "else", "    compdef _keirules keirules", "fi", "",
    ]
    return "\n".join(lines)


def _fish_text(text: str) -> str:
    return "'" + " ".join(text.split()).replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish(commands: list[_Command], top: list[_Option], table: dict[str, list[str]]) -> str:
    lines = ["# fish completion for keirules (keirules completion fish)",
             "complete -c keirules -f"]
    for option in top:
        lines.append("complete -c keirules -n __fish_use_subcommand "
                     + _fish_flags(option) + f" -d {_fish_text(option.help)}")
    for command in commands:
        lines.append(f"complete -c keirules -n __fish_use_subcommand -a {command.name} "
                     f"-d {_fish_text(command.help)}")
    for command in commands:
        seen = f"'__fish_seen_subcommand_from {command.name}'"
        if command.words in ("", "files"):
            lines.append(f"complete -c keirules -n {seen} -F")
        else:
            offered = _fish_text(" ".join(table[command.words]))
            lines.append(f"complete -c keirules -n {seen} -a {offered}")
        for option in command.options:
            line = f"complete -c keirules -n {seen} {_fish_flags(option)}"
            if option.takes_value:
                if option.values == "files":
                    line += " -r -F"
                elif option.values:
                    line += f" -x -a {_fish_text(' '.join(table[option.values]))}"
                else:
                    line += " -x"
            lines.append(line + f" -d {_fish_text(option.help)}")
    return "\n".join(lines) + "\n"


def _fish_flags(option: _Option) -> str:
    parts = []
    for flag in option.flags:
        if flag.startswith("--"):
            parts.append(f"-l {flag[2:]}")
        else:
            parts.append(f"-s {flag[1:]}")
    return " ".join(parts)


# -- the manual page ---------------------------------------------------------------------------

def _roff(text: str) -> str:
    """Plain text as roff: backslashes and hyphens escaped, no line starting a request."""
    escaped = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join("\\&" + line if line.startswith((".", "'")) else line
                     for line in escaped.splitlines())


def manual_page(parser: argparse.ArgumentParser, version: str) -> str:
    """``keirules(1)`` in roff, written from the parser: every command, option and example."""
    action = _subparsers(parser)
    assert action is not None
    helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
    lines = [
        f'.TH KEIRULES 1 "" "keirules {version}" "User Commands"',
        ".SH NAME",
        "keirules \\- " + _roff((parser.description or "").rstrip(".").lower()),
        ".SH SYNOPSIS",
        ".B keirules",
        "\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]",
        ".br",
        ".B keirules",
        "\\fICOMMAND\\fR \\fB\\-\\-help\\fR",
        ".br",
        ".B keirules \\-\\-version",
        ".SH DESCRIPTION",
        _roff("keirules checks vehicle specs (YAML or JSON) against regulations, exactly, with "
              "the measured value, the limit, the margin and the legal source of every rule."),
        ".SH COMMANDS",
    ]
    for name, sub in action.choices.items():
        lines += _manual_command(f"keirules {name}", helps.get(name, ""), sub)
        nested = _subparsers(sub)
        if nested is not None:
            nested_helps = {c.dest: c.help or "" for c in nested._choices_actions}
            for chart, chart_parser in nested.choices.items():
                lines += _manual_command(f"keirules {name} {chart}",
                                         nested_helps.get(chart, ""), chart_parser)
    lines += [
        ".SH EXIT STATUS",
        ".TP", "0", "compliant: every legal rule passed or did not apply",
        ".TP", "1", "not compliant: at least one legal rule failed",
        ".TP", "2", _roff("bad input or usage: nothing was evaluated; one paragraph on "
                          "standard error names the file, line, field, value and what was "
                          "expected"),
        ".TP", "3", _roff("undetermined: no legal rule failed, but at least one could not be "
                          "checked (missing data)"),
        ".SH ENVIRONMENT",
        ".TP", "COLUMNS", _roff("the width tables are laid out for (\\-\\-width overrides)"),
        ".TP", "NO_COLOR", "no colours (every status is a word as well as a colour)",
        ".TP", "KEIRULES_DEBUG", "show the traceback of an internal error",
        ".SH SEE ALSO",
        _roff("keirules completion bash|zsh|fish; keirules schema vehicle|ruleset|report; "
              "the README and docs/rulesets.md of the keirules project."),
        "",
    ]
    return "\n".join(lines)


def _manual_command(title: str, summary: str, parser: argparse.ArgumentParser) -> list[str]:
    lines = [f'.SS "{_roff(title)}"', _roff(summary[:1].upper() + summary[1:] + "."), ".PP",
             _roff(" ".join(parser.format_usage().split())[len("usage: "):])]
    for action in parser._actions:
        if action.dest == "help" or isinstance(action, argparse._SubParsersAction):
            continue
        if action.option_strings:
            flags = ", ".join(f"\\fB{_roff(flag)}\\fR" for flag in action.option_strings)
            if action.nargs != 0:
                flags += f" \\fI{_roff(str(action.metavar or action.dest.upper()))}\\fR"
        else:
            flags = f"\\fI{_roff(str(action.metavar or action.dest))}\\fR"
        lines += [".TP", flags, _roff(" ".join((action.help or "").split()))]
    epilog = parser.epilog or ""
    notes, _, examples = epilog.partition("examples:\n")
    if notes.strip():
        lines += [".PP", _roff(" ".join(notes.split()))]
    if examples.strip():
        lines += [".PP", "Examples:", ".PP", ".nf"]
        lines += [_roff(line.strip()) for line in examples.splitlines() if line.strip()]
        lines.append(".fi")
    return lines
