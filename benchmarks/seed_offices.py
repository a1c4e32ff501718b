"""Seed many offices for load_ws.py: python benchmarks/seed_offices.py [--offices 50]
[--employees 10] [--out offices.json]

In the app's database (VFO_DATABASE_URL, after ``vfo seed-demo``): ``--offices`` offices, each
with ``--employees`` employees who each own the Financial Overview service of one client of
their own office, active, with the demo client's figures (De Bloemenhoek, 2018) copied in as
an import writes them. The figure snapshots are computed once (what the alerts job does), so
the Portefeuille starts warm. Writes the logins (e-mail, password, the employee's client
number) as JSON for ``load_ws.py --offices-file``. Idempotent per office name: run it once.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PASSWORD = "Load-Kantoor-Wachtwoord-2026"


def main() -> None:
    from sqlmodel import Session, select

    from vfo_app.domain import security
    from vfo_app.domain.db import make_engine
    from vfo_app.domain.models import (
        Client,
        ClientService,
        Collaboration,
        CollaborationState,
        Company,
        Identity,
        LedgerAccount,
        LedgerDaySum,
        LedgerImport,
        Office,
        OfficeMembership,
        ServiceDefinition,
    )
    from vfo_app.domain.online import products
    from vfo_app.domain.overview import alerts
    from vfo_app.settings import get_settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--offices", type=int, default=50)
    parser.add_argument("--employees", type=int, default=10)
    parser.add_argument("--out", default="offices.json")
    args = parser.parse_args()

    engine = make_engine(get_settings().database_url)
    started = time.perf_counter()
    people = []
    password_hash = security.hash_password(PASSWORD)  # once: argon2 is slow on purpose
    with Session(engine, expire_on_commit=False) as s:
        demo = s.exec(select(LedgerImport).join(Client, Client.id == LedgerImport.client_id)
                      .where(Client.number == "DEM")).first()
        if demo is None:
            raise SystemExit("Geen demo-cijfers: eerst vfo seed-demo.")
        accounts = s.exec(select(LedgerAccount).where(LedgerAccount.import_id == demo.id)).all()
        sums = s.exec(select(LedgerDaySum).where(LedgerDaySum.import_id == demo.id)).all()
        for k in range(args.offices):
            name = f"Laadtest Kantoor {k:02d}"
            if s.exec(select(Office.id).where(Office.name == name)).first():
                raise SystemExit(f"{name} bestaat al: deze database is al gevuld.")
            office = Office(name=name)
            s.add(office)
            s.flush()
            svc = ServiceDefinition(office_id=office.id, code="FO", name="Financial Overview",
                                    period="Maand")
            s.add(svc)
            s.flush()
            for u in range(args.employees):
                email = f"medewerker{u:02d}@kantoor{k:02d}.example"
                person = Identity(email=email, first_name=f"Mede{u:02d}",
                                  last_name=f"Werker {k:02d}", password_hash=password_hash)
                s.add(person)
                s.flush()
                s.add(OfficeMembership(office_id=office.id, identity_id=person.id,
                                       role="medewerker"))
                number = f"L{k:02d}{u:02d}"
                kvk = f"9{k:03d}{u:04d}"
                client = Client(office_id=office.id, number=number,
                                name=f"Laadtestklant {number} BV", kvk_number=kvk,
                                legal_form="BV", account_manager_id=person.id,
                                search_text=f"laadtestklant {number.lower()} bv {kvk}")
                company = Company(kvk_number=kvk, name=client.name)
                s.add_all([client, company])
                s.flush()
                link = ClientService(client_id=client.id, service_id=svc.id, owner_id=person.id)
                s.add(link)
                s.flush()
                s.add(Collaboration(office_id=office.id, client_id=client.id,
                                    company_id=company.id, client_service_id=link.id,
                                    product=products.FINANCIAL_OVERVIEW,
                                    state=CollaborationState.ACTIVE.value,
                                    open_key=f"{client.id}:overview", requested_by_id=person.id))
                imp = LedgerImport(**demo.model_dump(exclude={"id", "client_id"}),
                                   client_id=client.id)
                s.add(imp)
                s.flush()
                s.add_all([LedgerAccount(**a.model_dump(exclude={"id", "import_id", "client_id"}),
                                         import_id=imp.id, client_id=client.id)
                           for a in accounts])
                s.add_all([LedgerDaySum(**d.model_dump(exclude={"id", "import_id"}),
                                        import_id=imp.id) for d in sums])
                people.append({"email": email, "password": PASSWORD, "client_number": number})
            s.commit()
        alerts.fire_due(s, limit=10**6)
        s.commit()
    Path(args.out).write_text(json.dumps(people, indent=1))
    print(f"{args.offices} kantoren, {len(people)} medewerkers met elk een eigen klant, in "
          f"{time.perf_counter() - started:.0f} s; logins in {args.out}")


if __name__ == "__main__":
    main()
