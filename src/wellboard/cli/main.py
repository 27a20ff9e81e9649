"""The ``wellboard`` command.

Wellboard's own commands (``demo``, ``serve``, ``worker``, ``load-demo``, ``createuser``, and the
``strategy``, ``geography``, ``indicators``, ``returns``, ``report``, ``hub`` and ``directory``
groups) plus every Django management command. Errors print as one readable line and exit non-zero;
``--traceback`` shows the detail.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping, Sequence

OVERVIEW = """\
usage: wellboard COMMAND [ARGS...]

Set-up and running
  demo                 migrate, load the demo partnership and serve it (what `make demo` runs)
  serve                serve Wellboard on http://127.0.0.1:8000 (--host, --port, --workers)
  worker               run background tasks: reminders, digests (--once to run what is due and stop)
  migrate              create or update the database tables
  load-demo            load the demo partnership 'healthy-stevenage' (--reset to rebuild it)
  partnership          create and list partnerships
  createuser           create a person and give them a role in a partnership
  backup               write the whole deployment to one archive (FILE)
  restore              load an archive written by `backup` into this database (--replace)

Work with a partnership's data
  strategy             list, export and import strategies as XLSX workbooks
  geography            import ONS areas, lookups, deprivation, populations and boundaries
  indicators           import indicators (e.g. a Fingertips CSV export)
  returns              partners' periodic data returns: templates, uploads, completeness
  report               render board reports (HTML, PDF, DOCX, XLSX) and list published ones
  hub                  Healthy Hubs: create and list hubs; import and export their contacts
  directory            the service directory: import and export Open Referral UK feeds, list services

Every Django management command also works, e.g. `wellboard check --deploy`.
`wellboard help COMMAND` shows a command's options. The database is chosen by DATABASE_URL
(default: SQLite under var/).
"""

# Commands whose names people type with hyphens.
ALIASES = {"load-demo": "load_demo"}
# What a command sets in the environment before the settings are read, unless it is set already:
# the demo serves with DEBUG off (Wellboard's own error pages) over plain HTTP on this machine.
COMMAND_ENVIRONMENT = {"demo": {"WELLBOARD_DEMO": "true"}}


def prepare_environment(command: str, environ: MutableMapping[str, str]) -> None:
    """Settings for ``command`` that the environment has not already chosen."""
    for name, value in COMMAND_ENVIRONMENT.get(command, {}).items():
        environ.setdefault(name, value)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or exc.__class__.__name__


def _hint(exc: BaseException) -> str:
    from django.db import OperationalError, ProgrammingError

    message = str(exc).lower()
    if isinstance(exc, OperationalError | ProgrammingError) and (
        "no such table" in message or ("does not exist" in message and "relation" in message)
    ):
        return " (the database is not set up: run `wellboard migrate`)"
    if isinstance(exc, OperationalError) and ("connection" in message or "could not connect" in message):
        return " (check DATABASE_URL and that the database server is running)"
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    prog = "wellboard"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellboard.settings")

    if len(args) < 2 or args[1] in {"-h", "--help"} or args[1:] == ["help"]:
        sys.stdout.write(OVERVIEW)
        return 0
    if args[1] in {"--version", "version"}:
        import wellboard

        sys.stdout.write(f"wellboard {wellboard.__version__}\n")
        return 0
    if args[1] == "help" and len(args) > 2:
        args[2] = ALIASES.get(args[2], args[2])
    args[1] = ALIASES.get(args[1], args[1])
    prepare_environment(args[1], os.environ)
    show_traceback = "--traceback" in args

    try:
        import django
        from django.core.management import ManagementUtility

        django.setup()
        utility = ManagementUtility([prog, *args[1:]])
        utility.prog_name = prog
        utility.execute()
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except KeyboardInterrupt:
        sys.stderr.write("\nwellboard: stopped\n")
        return 130
    except Exception as exc:
        if show_traceback:
            raise
        sys.stderr.write(f"wellboard: error: {_one_line(exc)}{_hint(exc)}\n")
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
