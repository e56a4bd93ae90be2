"""The release commands of `python -m dashboard`: publish, releases, withdraw.

`add_commands` adds them to the main parser; `COMMANDS` maps each name to a function from the
parsed arguments to an exit code. Like the main command line, a mistake or a refusal ends in
one line on stderr and a non-zero exit (2 for bad arguments, 1 for a refused release), never a
traceback; the new release id is the only thing printed on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from dashboard import audit_log, config
from dashboard.periods import PeriodError, parse_iso_date

EXIT_REFUSED = 1
EXIT_USAGE = 2


def add_commands(subparsers) -> None:
    publish = subparsers.add_parser("publish", help="build, protect, audit and freeze a public release")
    publish.add_argument("--country", action="append", default=[], help="a country (repeat for several)")
    publish.add_argument("--region-wide", action="store_true", help="all countries together")
    publish.add_argument("--period", help="YYYY, YYYYH1, YYYYQ1 or YYYY-MM")
    publish.add_argument("--start", help="first day (YYYY-MM-DD), with --end instead of --period")
    publish.add_argument("--end", help="last day (YYYY-MM-DD)")
    publish.add_argument("--snapshot", help="snapshot id (default: the current one)")
    publish.add_argument("--threshold", type=int, default=11, help="smallest count shown (default 11)")
    publish.add_argument("--notes", type=Path, help="the publisher's contact line and notes, EN and RU (TOML; "
                         "see dashboard/releases/notes.py)")
    publish.add_argument("--dry-run", action="store_true",
                         help="audit and print what would be hidden (JSON), publish nothing")
    publish.add_argument("--data-dir")

    listing = subparsers.add_parser("releases", help="list published releases")
    listing.add_argument("--data-dir")
    listing.add_argument("--all", action="store_true", help="include withdrawn releases")

    withdraw = subparsers.add_parser("withdraw", help="hide a release from the public (the file stays)")
    withdraw.add_argument("release_id")
    withdraw.add_argument("--reason", default="")
    withdraw.add_argument("--data-dir")

    site = subparsers.add_parser("export-site", help="write a published release's pages and files as a static site")
    site.add_argument("release_id")
    site.add_argument("--out", type=Path, required=True, help="a new folder for the site")
    site.add_argument("--no-images", action="store_true", help="skip PNG, SVG, slides and PDF (they need Chromium)")
    site.add_argument("--data-dir")


def cli_user() -> str:
    """Who ran a command, for the audit log: the account on this computer."""
    import getpass

    try:
        return "cli:" + getpass.getuser()
    except (KeyError, OSError):
        return "cli:unknown"


def _fail(code: int, message: str) -> int:
    print(message.replace("\n", " "), file=sys.stderr)
    return code


def _publish(args: argparse.Namespace) -> int:
    from dashboard.releases.model import ReleaseRefused
    from dashboard.releases.publish import make_scope, prepare, publish
    from dashboard.releases.store import ReleaseStore
    from dashboard.snapshots import SnapshotError

    data_dir = config.data_dir(args.data_dir)
    try:
        start = parse_iso_date(args.start, "start") if args.start else None
        end = parse_iso_date(args.end, "end") if args.end else None
        scope = make_scope(args.country, args.region_wide, args.period, start, end)
        if args.dry_run:
            _document, record = prepare(data_dir, scope, snapshot_id=args.snapshot, threshold=args.threshold,
                                        notes_file=args.notes)
            print(json.dumps(record, ensure_ascii=False, indent=1))
            return 0
        document = publish(data_dir, scope, snapshot_id=args.snapshot, threshold=args.threshold,
                           notes_file=args.notes)
    except (ValueError, PeriodError, SnapshotError) as error:
        return _fail(EXIT_USAGE, f"publish: {error}")
    except ReleaseRefused as refused:
        return _fail(EXIT_REFUSED, f"refused: {refused}")
    record = ReleaseStore(data_dir).record(document["release_id"]) or {}
    loss = record.get("information_loss", {})
    print(f"hidden: {loss.get('primary')} small and {loss.get('secondary')} covering cells, "
          f"{loss.get('share_hidden_pct')} % of all counts; audited against "
          f"{len(record.get('audited_against', []))} published releases", file=sys.stderr)
    for warning in record.get("warnings", []):
        print(f"warning: {warning}", file=sys.stderr)
    audit_log.record(data_dir, "publish", cli_user(), release_id=document["release_id"], scope=document["scope"])
    print(document["release_id"])
    return 0


def _releases(args: argparse.Namespace) -> int:
    from dashboard.releases.store import ReleaseStore

    store = ReleaseStore(config.data_dir(args.data_dir))
    withdrawn = store.withdrawn()
    for document in store.documents(include_withdrawn=args.all):
        scope = document["scope"]
        place = "region" if scope["region_wide"] else "+".join(scope["countries"])
        state = "withdrawn" if document["release_id"] in withdrawn else "published"
        print("\t".join([document["release_id"], place, scope["period"], document["snapshot_id"],
                         str(document["threshold"]), document["created_at"], state]))
    return 0


def _withdraw(args: argparse.Namespace) -> int:
    from dashboard.releases.store import ReleaseStore

    store = ReleaseStore(config.data_dir(args.data_dir))
    try:
        store.withdraw(args.release_id, datetime.now(UTC), args.reason)
    except KeyError:
        return _fail(EXIT_USAGE, f"withdraw: no release {args.release_id!r}")
    audit_log.record(config.data_dir(args.data_dir), "withdraw", cli_user(), release_id=args.release_id,
                     reason=args.reason)
    print(f"withdrawn: {args.release_id}", file=sys.stderr)
    return 0


def _export_site(args: argparse.Namespace) -> int:
    from dashboard.app import create_app
    from dashboard.exports.pdf import PdfError
    from dashboard.public.site import export_site
    from dashboard.releases.store import ReleaseStore

    data_dir = config.data_dir(args.data_dir)
    document = ReleaseStore(data_dir).read(args.release_id)
    if document is None:
        return _fail(EXIT_USAGE, f"export-site: no published release {args.release_id!r}")
    app = create_app(data_dir)  # the catalogs and templates; no server is started
    try:
        with app.server.test_request_context("/"):
            files = export_site(document, args.out, images=not args.no_images)
    except FileExistsError as error:
        return _fail(EXIT_USAGE, f"export-site: {error}")
    except PdfError as error:
        return _fail(EXIT_REFUSED, f"export-site: {error}; try --no-images")
    print(f"{len(files)} files written to {args.out}", file=sys.stderr)
    return 0


COMMANDS = {"publish": _publish, "releases": _releases, "withdraw": _withdraw, "export-site": _export_site}
