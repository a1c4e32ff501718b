"""The `vfo` command: vfo migrate | seed-demo | create-employee | backup | restore ..."""

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
    from vfo_app.domain.security import MIN_PASSWORD_LENGTH

    password = args.password or getpass.getpass(f"Wachtwoord (min. {MIN_PASSWORD_LENGTH} tekens): ")
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


def _ledger_client(session, args: argparse.Namespace):
    from vfo_app.domain.access import system_actor
    from vfo_app.domain.models import Office
    from vfo_app.domain.xaf.ledger import client_by_number

    client = client_by_number(session, args.client, args.office)
    return client, system_actor(session.get(Office, client.office_id))


def _import_xaf(args: argparse.Namespace) -> int:
    """Import an auditfile as the system actor of the client's office."""
    import gc
    import json

    from vfo_app.domain.errors import DomainError
    from vfo_app.domain.xaf.importer import import_auditfile

    # The modules loaded so far live as long as the process: out of the collector's full
    # passes, one of which (0.1 s walking them) fell in every import of 100,000 lines.
    gc.collect()
    gc.freeze()
    try:
        with session_scope() as session:
            client, actor = _ledger_client(session, args)
            report = import_auditfile(session, actor, client.id, args.file, source="cli",
                                      accept_other_company=args.accept_other_company)
    except (DomainError, OSError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    return 0 if report.ok else 1


def _print_report(report) -> None:
    state = "ingelezen" if report.ok else "GEWEIGERD"
    print(f"{report.file_name}: {state}")
    print(f"  boekjaar {report.fiscal_year}, {report.software} (XAF {report.xaf_version})")
    print(f"  grootboekrekeningen {report.ledger_accounts}, boekingen {report.transactions}, "
          f"regels {report.lines}, beginbalansregels {report.opening_balance_lines}")
    print(f"  debet {report.debit_total}, credit {report.credit_total}")
    for warning in report.warnings:
        print(f"  waarschuwing: {warning}")
    for error in report.errors:
        print(f"  fout: {error['what']} (element {error['element']}, regel {error['line']})")
    marks = {"ok": "in orde", "warning": "let op", "error": "FOUT"}
    for c in report.checks:
        print(f"  controle {c['code']}: {marks.get(c['status'], c['status'])}: {c['message']}")
    if any(c["status"] == "error" and c["code"] == "company_mismatch" for c in report.checks):
        print("  Niets ingelezen. Is het toch het goede bestand: --accept-other-company")


def _trial_balance(args: argparse.Namespace) -> int:
    import json

    from vfo_app.domain.errors import DomainError
    from vfo_app.domain.xaf.importer import result_cents, trial_balance

    try:
        with session_scope() as session:
            client, actor = _ledger_client(session, args)
            rows = trial_balance(session, actor, client.id, args.year)
    except DomainError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"client": args.client, "year": args.year, "result_cents":
                          result_cents(rows), "rows": [r.as_dict() for r in rows]},
                         ensure_ascii=False, indent=2))
        return 0
    print(f"{'rekening':<12}{'omschrijving':<32}{'begin':>14}{'debet':>14}{'credit':>14}"
          f"{'eind':>14}")
    for r in rows:
        print(f"{r.account_id:<12}{r.description[:31]:<32}" + "".join(
            f"{v / 100:>14.2f}" for v in (r.opening_cents, r.debit_cents, r.credit_cents,
                                          r.closing_cents)))
    print(f"resultaat: {result_cents(rows) / 100:.2f}")
    return 0


def _figures(args: argparse.Namespace) -> int:
    """Key figures and the cash flow of a fiscal year up to a month (default: the last
    complete month), for scripts and tests."""
    import json

    from vfo_app.domain.errors import DomainError
    from vfo_app.domain.overview import cash_flow, key_figures

    try:
        with session_scope() as session:
            client, actor = _ledger_client(session, args)
            month, values = key_figures.for_client(session, actor, client.id, args.year,
                                                   args.month)
            flow = cash_flow.report(session, actor, client.id, args.year, month).ytd
    except DomainError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    data = {
        "client": args.client, "year": args.year, "month": month,
        "kpis": [{"key": v.key, "label": v.label, "value": v.value, "unit": v.unit,
                  "formula": v.formula, "period": v.period_label, "reason": v.reason}
                 for v in values],
        "cash_flow": {
            "lines": [{"key": line.key, "label": line.label, "section": line.section,
                       "amount_cents": line.amount_cents} for line in flow.lines],
            "cash_opening_cents": flow.opening_cents, "cash_closing_cents": flow.closing_cents,
            "net_change_cents": flow.net_change_cents, "reconciles": flow.reconciles},
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for v in values:
        shown = "–" if v.value is None else f"{v.value:,.2f}"
        print(f"{v.label:<45}{shown:>18}  {v.unit:<7}{v.reason}")
    print()
    for line in flow.lines:
        print(f"{line.label:<63}{line.amount_cents / 100:>18,.2f}")
    print(f"{'Mutatie liquide middelen':<63}{flow.net_change_cents / 100:>18,.2f}")
    return 0 if flow.reconciles else 1


def _add_figures_command(sub) -> None:
    fg = sub.add_parser("figures", help="kengetallen en kasstroom van een boekjaar")
    fg.add_argument("--client", required=True, help="klantnummer")
    fg.add_argument("--year", required=True, type=int)
    fg.add_argument("--month", type=int, choices=range(1, 13), metavar="M",
                    help="tot en met deze maand van het boekjaar (standaard: de laatste "
                         "volledige maand)")
    fg.add_argument("--office")
    fg.add_argument("--json", action="store_true")
    fg.set_defaults(func=_figures)


def _add_ledger_commands(sub) -> None:
    ix = sub.add_parser("import-xaf", help="lees een XAF-auditfile in voor een klant")
    ix.add_argument("file")
    ix.add_argument("--client", required=True, help="klantnummer")
    ix.add_argument("--office", help="naam van het kantoor (als het nummer vaker voorkomt)")
    ix.add_argument("--json", action="store_true")
    ix.add_argument("--accept-other-company", action="store_true",
                    help="lees het bestand ook in als het van een ander bedrijf lijkt")
    ix.set_defaults(func=_import_xaf)
    tb = sub.add_parser("trial-balance", help="proef- en saldibalans van een boekjaar")
    tb.add_argument("--client", required=True, help="klantnummer")
    tb.add_argument("--year", required=True, type=int)
    tb.add_argument("--office")
    tb.add_argument("--json", action="store_true")
    tb.set_defaults(func=_trial_balance)


REPORTS = ("trial-balance", "profit-and-loss", "balance-sheet", "pack")
PACK_UNAVAILABLE = "Het rapportpakket is nog niet beschikbaar in deze versie."


def _export_bytes(session, actor, client, args: argparse.Namespace) -> bytes:
    """The file ``vfo export`` writes: the access policy is asked by the use cases, for the
    system actor of the client's office, as on the pages."""
    from vfo_app.domain.errors import ValidationFailed
    from vfo_app.domain.exports import tables, xlsx
    from vfo_app.domain.overview import pdf
    from vfo_app.domain.overview import scope as scopes

    fmt, report = args.format, args.report
    if report == "pack":
        if fmt == "csv":
            raise ValidationFailed({"format": "Een rapportpakket bestaat uit meerdere delen; "
                                              "kies --format xlsx of pdf."})
        try:
            from vfo_app.domain.reports.export import pack_export
        except ImportError:
            raise ValidationFailed({"report": PACK_UNAVAILABLE}) from None
        return pack_export(session, actor, client, args.year, fmt)
    if report == "trial-balance":
        if fmt == "pdf":
            raise ValidationFailed({"format": "De proef- en saldibalans is er als xlsx of csv."})
        sheet = tables.trial_balance_sheet(session, actor, client.id, args.year)
        return xlsx.csv_bytes(sheet) if fmt == "csv" else xlsx.workbook([sheet])
    scope = scopes.for_employee(session, actor, client.id)
    upto = args.month or 12
    if fmt == "pdf":
        return pdf.report_pdf(session, scope, args.year, upto)
    build = (tables.profit_and_loss_sheet if report == "profit-and-loss"
             else tables.balance_sheet_sheet)
    sheet = build(session, scope, args.year, upto)
    return xlsx.csv_bytes(sheet) if fmt == "csv" else xlsx.workbook([sheet])


def _export(args: argparse.Namespace) -> int:
    """A report of a client's fiscal year as a file (xlsx, csv or pdf)."""
    from pathlib import Path

    from vfo_app.domain.errors import DomainError

    try:
        with session_scope() as session:
            client, actor = _ledger_client(session, args)
            data = _export_bytes(session, actor, client, args)
    except ValidationFailed as exc:
        for message in exc.errors.values():
            print(message, file=sys.stderr)
        return 2
    except DomainError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        Path(args.out).write_bytes(data)
    except OSError as exc:
        print(f"Kan {args.out} niet schrijven: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"{args.out} geschreven ({len(data)} bytes).")
    return 0


def _add_export_command(sub) -> None:
    ex = sub.add_parser("export", help="een rapport van een boekjaar als xlsx, csv of pdf")
    ex.add_argument("--client", required=True, help="klantnummer")
    ex.add_argument("--year", required=True, type=int)
    ex.add_argument("--report", required=True, choices=REPORTS)
    ex.add_argument("--format", required=True, choices=("xlsx", "csv", "pdf"))
    ex.add_argument("--out", required=True, help="het bestand dat wordt geschreven")
    ex.add_argument("--month", type=int, choices=range(1, 13), metavar="M",
                    help="periode: tot en met deze maand van het boekjaar (standaard 12)")
    ex.add_argument("--office", help="naam van het kantoor (als het nummer vaker voorkomt)")
    ex.set_defaults(func=_export)


def _api_key_create(args: argparse.Namespace) -> int:
    """A key for pushing auditfiles; printed once, as the last line (stored only hashed)."""
    from sqlmodel import select

    from vfo_app.domain.access import system_actor
    from vfo_app.domain.api_keys import create_key
    from vfo_app.domain.errors import DomainError
    from vfo_app.domain.models import Office

    try:
        with session_scope() as session:
            office = session.exec(select(Office).where(Office.name == args.office)).first()
            if office is None:
                print(f"Geen kantoor {args.office!r}.", file=sys.stderr)
                return 2
            new = create_key(session, system_actor(office), args.name or "")
    except DomainError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"API-sleutel {new.name!r} (nummer {new.id}) aangemaakt voor {args.office}. "
          "Bewaar hem nu: hij wordt niet opnieuw getoond.")
    print(new.key)
    return 0


def _api_key_revoke(args: argparse.Namespace) -> int:
    from vfo_app.domain.access import system_actor
    from vfo_app.domain.api_keys import find_key, revoke_key
    from vfo_app.domain.errors import DomainError
    from vfo_app.domain.models import Office

    try:
        with session_scope() as session:
            key = find_key(session, args.key, args.office)
            done = revoke_key(session, system_actor(session.get(Office, key.office_id)), key.id)
    except DomainError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"API-sleutel {done.name!r} ({done.prefix}…, nummer {done.id}) is ingetrokken.")
    return 0


def _add_api_key_commands(sub) -> None:
    ak = sub.add_parser("api-key", help="API-sleutels van een kantoor (auditfiles insturen)")
    aks = ak.add_subparsers(dest="api_key_command", required=True)
    create = aks.add_parser("create", help="maak een sleutel; de laatste regel is de sleutel")
    create.add_argument("--office", required=True, help="naam van het kantoor")
    create.add_argument("--name", help="omschrijving, bijv. het boekhoudpakket")
    create.set_defaults(func=_api_key_create)
    revoke = aks.add_parser("revoke", help="trek een sleutel in (nummer of begin van de sleutel)")
    revoke.add_argument("key", help="het nummer van de sleutel of het begin ervan (vfo_...)")
    revoke.add_argument("--office", help="naam van het kantoor")
    revoke.set_defaults(func=_api_key_revoke)


def _send_mail(_args: argparse.Namespace) -> int:
    """Deliver the queued e-mail now (the app also retries every minute)."""
    from sqlmodel import func, select

    from vfo_app.domain.mail import deliver_pending
    from vfo_app.domain.models import OutboxMessage

    with session_scope() as session:
        sent = deliver_pending(session, limit=1000)
        waiting = session.exec(select(func.count()).select_from(OutboxMessage)
                               .where(OutboxMessage.sent_at.is_(None))).one()
    print(f"{sent} e-mail(s) verzonden, {waiting} in de wachtrij.")
    return 0 if waiting == 0 else 1


def _backup(args: argparse.Namespace) -> int:
    return _backup_or_restore(args, restoring=False)


def _restore(args: argparse.Namespace) -> int:
    return _backup_or_restore(args, restoring=True)


def _backup_or_restore(args: argparse.Namespace, *, restoring: bool) -> int:
    from vfo_app.domain import backup as bk
    from vfo_app.settings import get_settings

    try:
        done = (bk.restore if restoring else bk.backup)(get_settings().database_url, args.file,
                                                          force=args.force)
    except bk.BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if restoring:
        print(f"Database hersteld uit {args.file} (schemaversie {done.revision}).")
    else:
        print(f"Back-up geschreven naar {done.path} ({done.size} bytes, schemaversie "
              f"{done.revision}).")
    return 0


def _add_backup_commands(sub) -> None:
    bk = sub.add_parser("backup", help="maak een back-up van de database (mag terwijl de app draait)")
    bk.add_argument("file")
    bk.add_argument("--force", action="store_true", help="overschrijf een bestaand bestand")
    bk.set_defaults(func=_backup)
    rs = sub.add_parser("restore", help="zet een back-up terug (vervangt alle gegevens)")
    rs.add_argument("file")
    rs.add_argument("--force", action="store_true", help="vervang een bestaande database")
    rs.set_defaults(func=_restore)


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
    _add_ledger_commands(sub)
    _add_backup_commands(sub)
    _add_api_key_commands(sub)
    _add_figures_command(sub)
    _add_export_command(sub)
    sub.add_parser("send-mail", help="verstuur de e-mails die in de wachtrij staan").set_defaults(
        func=_send_mail)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
