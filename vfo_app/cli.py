"""The `vfo` command: vfo migrate | seed-demo | create-employee."""

from __future__ import annotations

import argparse
import getpass
import sys

from vfo_app.domain.db import session_scope
from vfo_app.domain.errors import ValidationFailed


def _migrate(_args: argparse.Namespace) -> int:
    from vfo_app.domain.migrate import upgrade_head

    upgrade_head()
    print("Database bijgewerkt tot de laatste migratie.")
    return 0


def _seed_demo(_args: argparse.Namespace) -> int:
    from vfo_app.domain.seed import DEMO_LOGINS, seed_demo

    with session_scope() as session:
        seed_demo(session)
    print("Demodata aanwezig. Inloggen met:")
    for email, password, name, role in DEMO_LOGINS:
        print(f"  {email:40} {password}   ({name}, {role})")
    return 0


def _create_employee(args: argparse.Namespace) -> int:
    from vfo_app.domain.employees import create_employee, get_or_create_office

    password = args.password or getpass.getpass("Wachtwoord (min. 12 tekens): ")
    try:
        with session_scope() as session:
            office = get_or_create_office(session, args.office)
            identity = create_employee(
                session, office=office, email=args.email, first_name=args.first_name,
                last_name=args.last_name, password=password, role=args.role,
            )
            print(f"Medewerker {identity.full_name} <{identity.email}> aangemaakt "
                  f"bij {office.name} ({args.role}).")
    except ValidationFailed as exc:
        for field, message in exc.errors.items():
            print(f"{field}: {message}", file=sys.stderr)
        return 2
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vfo", description="Beheer van vfo_app")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="pas de databasemigraties toe").set_defaults(func=_migrate)
    sub.add_parser("seed-demo", help="zet de demodata klaar (idempotent)").set_defaults(
        func=_seed_demo)
    ce = sub.add_parser("create-employee", help="maak een medewerker van een kantoor aan")
    ce.add_argument("--office", required=True, help="naam van het kantoor (wordt aangemaakt)")
    ce.add_argument("--email", required=True)
    ce.add_argument("--first-name", required=True)
    ce.add_argument("--last-name", required=True)
    ce.add_argument("--role", choices=["beheerder", "medewerker"], default="medewerker")
    ce.add_argument("--password", help="laat weg om het veilig in te typen")
    ce.set_defaults(func=_create_employee)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
