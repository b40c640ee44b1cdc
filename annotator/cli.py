"""The ``annotator`` command line.

Only argparse is imported at start-up; each subcommand lives in
``annotator/commands/<name>.py`` (``add_arguments`` and ``run``) and imports
what it needs when it runs.

Exit codes: 0 success / no finding at or above --fail-on; 1 findings at or
above it (or invalid documents for ``validate``); 2 usage or configuration
error; 3 an input could not be read (the others are still processed).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__

COMMANDS = {
    "check": "lint articles and report findings",
    "annotate": "write stance annotations (quotes, speakers, cues) as JSON",
    "report": "write an HTML view of an article with speakers and findings marked",
    "rules": "list the rules",
    "explain": "explain a rule, with its examples",
    "validate": "check annotation JSON against the schema",
    "schemas": "write (or --check) the JSON Schemas generated from the models",
    "lsp": "run a language server for editors (stdio): diagnostics, quick fixes, hover",
    "config": "print the configuration in force for an article or folder, and where it came from",
    "train": "train the weights of a model rule from labelled sentences (needs the train extra)",
}

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3


class UsageError(Exception):
    """A usage or configuration problem: message printed, exit 2."""


def comma_list(value: str) -> list[str]:
    """An option value as a comma-separated list, ruff style (``--select quotes,neutrality``);
    with ``action="extend"`` the option can also be repeated.  One value per option, so
    ``--select quotes FILE`` leaves FILE to the paths."""
    items = [v.strip() for v in value.split(",")]
    items = [v for v in items if v]
    if not items:
        raise argparse.ArgumentTypeError(f"expected one or more comma-separated names, got {value!r}")
    return items


class _CommandParser(argparse.ArgumentParser):
    """A subcommand's parser: options and paths may come in any order, as in ruff
    (``annotator check news/ --select quotes opinion/``); a plain parse stops taking
    paths at the first option."""

    _inner = False

    def parse_known_args(self, args=None, namespace=None):
        if self._inner:  # (the intermixed parse calls back here for each of its passes)
            return super().parse_known_args(args, namespace)
        if args is not None and "--" in args:
            # after "--" (paths that start with "-") the plain parse, as Python 3.11's
            # intermixed one drops the "--"
            namespace, extras = super().parse_known_args(args, namespace)
        else:
            self._inner = True
            try:
                namespace, extras = self.parse_known_intermixed_args(args, namespace)
            finally:
                self._inner = False
        if extras:  # said here, with this command's usage ("report" takes one PATH), not the top level's
            self.error("unrecognized arguments: " + " ".join(extras))
        return namespace, extras


def _available():
    # a directory listing, not pkgutil (which imports inspect: ~10 ms of start-up)
    import os

    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "commands")
    try:
        have = {f[:-3] for f in os.listdir(here) if f.endswith(".py")}
    except OSError:
        have = set()
    return [c for c in COMMANDS if c in have]


def build_parser(only: str | None = None, names_only: bool = False) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that subcommand is imported and added
    (the common case: ``annotator check …`` need not import the others). With
    ``names_only``, every subcommand is added by name and help alone, nothing
    imported: enough for ``--version``, ``--help`` and an unknown command,
    which never reach a subcommand's own arguments."""
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Editorial linter and stance annotator for news articles.",
        epilog="Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or configuration error, 3 unreadable input.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    for name in _available():
        if only is not None and name != only:
            continue
        if names_only:
            sub.add_parser(name, help=COMMANDS[name])
            continue
        mod = importlib.import_module(f"annotator.commands.{name}")
        p = sub.add_parser(name, help=COMMANDS[name], description=(mod.__doc__ or COMMANDS[name]).strip().splitlines()[0])
        mod.add_arguments(p)
        p.set_defaults(_module=mod)
    return parser


def main(argv: list[str] | None = None) -> int:
    args_in = sys.argv[1:] if argv is None else argv
    first = args_in[0] if args_in else None
    # (a subcommand runs only when its name is among the arguments: otherwise the parse
    # prints the version or the help, or fails, and the commands need not be imported)
    parser = build_parser(first if first in COMMANDS else None,
                          names_only=not any(a in COMMANDS for a in args_in))
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    paths = getattr(args, "paths", None)
    if paths is not None:  # the cache folder is not used when it lies inside what is checked
        from .resources import set_checked_paths

        set_checked_paths(paths or ["."])
    try:
        return args._module.run(args)
    except UsageError as e:
        from .display import escape

        print(f"annotator: error: {escape(str(e))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # the reader went away (| head): not our error
        try:
            sys.stdout = open("/dev/null", "w")  # noqa: SIM115
        except OSError:
            pass
        return EXIT_OK
    except OSError as e:
        from .outputs import OutputError  # an output that cannot be written (--output, --write-baseline)

        if not isinstance(e, OutputError):
            raise
        print(f"annotator: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130


def entry() -> None:
    try:
        code = main()
    finally:
        # The interpreter's exit runs full garbage collections over every object still alive
        # (the engine, lexicons and modules: ~35M instructions, 6% of a one-file check) only
        # to free memory the process is about to give back anyway. Frozen objects are left
        # out of them; everything is still freed by reference counting as modules are torn
        # down, and standard output and error are still flushed.
        import gc

        gc.freeze()
    sys.exit(code)
