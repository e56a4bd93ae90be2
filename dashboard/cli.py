"""The `python -m dashboard` command line: ingest, demo-data, summary, serve.

This is the only module that prints. A user's mistake ends in a one-line reason on stderr and
a non-zero exit (2 for bad arguments and filters, 1 for a refused import), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from dashboard import audit_log, config
from dashboard.auth import cli as auth_cli
from dashboard.catalogue import FILTERS
from dashboard.releases import cli as releases_cli
from dashboard.vocab import LANGUAGES

EXIT_REFUSED = 1
EXIT_USAGE = 2

FILTER_FLAGS = tuple(spec.name for spec in FILTERS)  # one flag per filter of catalogue.py


class UsageError(Exception):
    """Bad arguments; reported in one line with exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage block
        raise UsageError(f"{self.prog}: {message}")


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m dashboard", description="REAct dashboard")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ingest = commands.add_parser("ingest", help="import a case export (CSV or XLSX) as a new snapshot")
    ingest.add_argument("file", type=Path)
    ingest.add_argument("--data-dir")
    ingest.add_argument("--skip-invalid", action="store_true",
                        help="import the valid rows and write the refused ones to a rejects file")
    ingest.add_argument("--export-date", type=_date_arg, help="the day the export was made (YYYY-MM-DD)")
    ingest.add_argument("--private", action="append", default=[], metavar="COLUMN",
                        help="a column resembling a contract column that really is private (repeatable)")
    ingest.add_argument("--dry-run", action="store_true", help="check the file, show what would change, write nothing")

    blank = commands.add_parser("template", help="write an XLSX template to fill in, with drop-down lists")
    blank.add_argument("--out", type=Path, required=True)
    blank.add_argument("--lang", choices=LANGUAGES, default="en", help="header and label language")

    demo = commands.add_parser("demo-data", help="write a realistic synthetic export")
    demo.add_argument("--out", type=Path, required=True)
    demo.add_argument("--cases", type=int, default=None)
    demo.add_argument("--seed", type=int, default=1)

    summary = commands.add_parser("summary", help="print the summary document as JSON")
    summary.add_argument("--data-dir")
    summary.add_argument("--snapshot")
    for name in FILTER_FLAGS:
        summary.add_argument(f"--{name.replace('_', '-')}", dest=name, action="append", default=[])
    summary.add_argument("--period")
    summary.add_argument("--start")
    summary.add_argument("--end")
    summary.add_argument("--qualified-only", action="store_true")
    summary.add_argument("--grain", choices=("month", "quarter", "half", "year"))
    summary.add_argument("--lang", choices=LANGUAGES, default="en")

    auth_cli.add_commands(commands)
    releases_cli.add_commands(commands)

    serve = commands.add_parser("serve", help="run the dashboard locally")
    serve.add_argument("--data-dir")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--debug", action="store_true")
    return parser


def _ingest(args: argparse.Namespace) -> int:
    from dashboard.ingest import IngestRefused, ingest_file
    from dashboard.snapshots import SnapshotError

    try:
        report = ingest_file(args.file, config.data_dir(args.data_dir), skip_invalid=args.skip_invalid,
                             export_date=args.export_date, private=args.private, dry_run=args.dry_run,
                             imported_by=releases_cli.cli_user())
    except IngestRefused as refused:
        print(f"refused: {refused}", file=sys.stderr)
        for problem in refused.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_REFUSED
    except SnapshotError as error:  # another import is running
        raise UsageError(f"ingest: {error}") from None
    print(report.sentence(), file=sys.stderr)
    if report.rows_rejected and not args.dry_run:
        print(f"{len(report.problems)} problems; rejects: {report.rejects_path}; report: {report.report_path}",
              file=sys.stderr)
    if args.dry_run:
        for row in report.changes:
            print(f"  {row['country']} {row['year']}: +{row['added']} −{row['removed']} ~{row['changed']}",
                  file=sys.stderr)
        return 0
    audit_log.record(config.data_dir(args.data_dir), "import", releases_cli.cli_user(), snapshot_id=report.snapshot_id,
                     source=args.file.name, rows_imported=report.rows_imported, rows_rejected=report.rows_rejected)
    print(report.snapshot_id)
    return 0


def _template(args: argparse.Namespace) -> int:
    from dashboard.ingest.template import template

    args.out.write_bytes(template(args.lang))
    print(f"template written to {args.out}", file=sys.stderr)
    return 0


def _demo_data(args: argparse.Namespace) -> int:
    from dashboard.demodata import DEFAULT_CASES, write_demo_export

    try:
        written = write_demo_export(args.out, cases=args.cases or DEFAULT_CASES, seed=args.seed)
    except ValueError as error:
        raise UsageError(f"demo-data: {error}") from None
    print(f"{written} cases written to {args.out}", file=sys.stderr)
    return 0


def _summary(args: argparse.Namespace) -> int:
    from dashboard.filters import FilterError, parse_filters
    from dashboard.snapshots import SnapshotError, SnapshotStore
    from dashboard.summary import dumps, summary_document

    try:
        snapshot = SnapshotStore(config.data_dir(args.data_dir)).get(args.snapshot)
    except SnapshotError as error:
        raise UsageError(f"summary: {error}") from None
    params = {name: getattr(args, name) for name in FILTER_FLAGS}
    params.update(period=args.period, start=args.start, end=args.end,
                  qualified_only="1" if args.qualified_only else None)
    try:
        filters, _ = parse_filters(params, regions=snapshot.regions(), organizations=snapshot.organizations())
    except FilterError as error:
        raise UsageError(f"summary: {error}") from None
    sys.stdout.write(dumps(summary_document(snapshot, filters, lang=args.lang, grain=args.grain)))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from dashboard.app import NoSignInError, serve

    try:
        return serve(data_dir=config.data_dir(args.data_dir), host=args.host, port=args.port, debug=args.debug)
    except NoSignInError as error:
        raise UsageError(f"serve: {error}") from None


COMMANDS = {"ingest": _ingest, "template": _template, "demo-data": _demo_data, "summary": _summary, "serve": _serve,
            "users": auth_cli.run, **releases_cli.COMMANDS}


def main(argv: list[str] | None = None) -> int:
    command = "dashboard"
    try:
        args = build_parser().parse_args(argv)
        command = args.command
        return COMMANDS[args.command](args)
    except UsageError as error:
        print(str(error).replace("\n", " "), file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:  # a full disk, a read-only folder: what and where, in one line
        where = f" ({error.filename})" if error.filename else ""
        print(f"{command}: cannot write the data: {error.strerror or error}{where}; nothing was changed",
              file=sys.stderr)
        return EXIT_REFUSED
