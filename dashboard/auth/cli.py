"""`python -m dashboard users …`: add, list, remove users and set their passwords."""

from __future__ import annotations

import argparse
import getpass
import sys

from dashboard import config
from dashboard.auth.users import ROLES, UserError, UserStore, users_file
from dashboard.vocab import vocabulary


def add_commands(commands) -> None:
    users = commands.add_parser("users", help="manage who may sign in (restart the app after the first user)")
    users.add_argument("--data-dir")
    actions = users.add_subparsers(dest="action", required=True, parser_class=commands._parser_class)
    add = actions.add_parser("add", help="add a user")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default="viewer")
    add.add_argument("--country", action="append", default=None,
                     help="a country the user may see (repeat)")
    add.add_argument("--all-countries", action="store_true",
                     help="the user may see every country (instead of --country)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.add_argument("--oidc-only", action="store_true", help="no password: signs in through OpenID Connect")
    edit = actions.add_parser("edit", help="change a user's role or countries (password and sessions stay)")
    edit.add_argument("name")
    edit.add_argument("--role", choices=ROLES)
    edit.add_argument("--country", action="append", default=None, help="a country the user may see (repeat)")
    edit.add_argument("--all-countries", action="store_true", help="the user may see every country")
    actions.add_parser("list", help="list users")
    remove = actions.add_parser("remove", help="remove a user")
    remove.add_argument("name")
    passwd = actions.add_parser("passwd", help="set a user's password")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true")


def _password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():  # piped in: one line, no prompt to confirm it
        password = sys.stdin.readline().rstrip("\n")
        if not password:
            raise UserError("no password on standard input")
        return password
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise UserError("the two passwords differ")
    return first


def _countries(items: list[str] | None) -> tuple[str, ...] | None:
    """Country codes from names, codes or aliases; None (every country) when none are given."""
    if not items:
        return None
    codes = []
    for item in items:
        code = vocabulary().match("country", item)
        if code is None:
            raise UserError(f"country {item!r} is not in the vocabulary")
        codes.append(code)
    return tuple(sorted(set(codes)))


def run(args: argparse.Namespace) -> int:
    store = UserStore(users_file(config.data_dir(args.data_dir)))
    try:
        if args.action == "add":
            if bool(args.country) == bool(args.all_countries):
                raise UserError("give the countries the user may see (--country TJ, repeat for more) "
                                "or --all-countries")
            countries = _countries(args.country)
            password = None if args.oidc_only else _password(args.password_stdin)
            user = store.add(args.name, args.role, password, countries)
            print(f"added {user.name} ({user.role}; countries: {', '.join(user.countries or ['all'])})")
        elif args.action == "edit":
            if args.country and args.all_countries:
                raise UserError("give --country or --all-countries, not both")
            countries = None if args.all_countries else _countries(args.country) if args.country else "keep"
            if args.role is None and countries == "keep":
                raise UserError("nothing to change: give --role, --country or --all-countries")
            user = store.edit(args.name, args.role, countries)
            print(f"{user.name}: {user.role}; countries: {', '.join(user.countries or ['all'])}")
        elif args.action == "list":
            for user in store.load().values():
                sign_in = "password" if user.password_hash else "OpenID Connect"
                print(f"{user.name}\t{user.role}\t{','.join(user.countries or ['all'])}\t{sign_in}\t"
                      f"{user.last_sign_in or 'never signed in'}")
        elif args.action == "remove":
            store.remove(args.name)
            print(f"removed {args.name}")
        else:
            store.set_password(args.name, _password(args.password_stdin))
            print(f"password set for {args.name}")
    except UserError as error:
        print(f"users: {error}", file=sys.stderr)
        return 2
    return 0
