"""SQLModel tables of vfo_app.

Offices are the tenants: every advisor table hangs off ``office_id``, directly or
through its client. Money is kept in integer cents. Timestamps are UTC-aware.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Index,
    LargeBinary,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlmodel import Field, SQLModel

from vfo_app.domain import clock
from vfo_app.domain.types import UTCDateTime


def _ts(nullable: bool = False, index: bool = False) -> Any:
    return Field(
        default=None,
        sa_column=Column(UTCDateTime(), nullable=nullable, index=index),
    )


def _created() -> Any:
    return Field(default_factory=clock.now, sa_column=Column(UTCDateTime(), nullable=False))


# --- identities and offices -------------------------------------------------


class Identity(SQLModel, table=True):
    """Every person who logs in: employees of offices now, client users later."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)  # stored lower-case
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    password_hash: str | None = Field(default=None, max_length=255)
    is_active: bool = True
    email_verified_at: datetime | None = _ts(nullable=True)
    last_login_at: datetime | None = _ts(nullable=True)
    created_at: datetime = _created()
    # A new address waits here until the link sent to it is used (Mijn account).
    pending_email: str | None = Field(default=None, max_length=254)
    # Two-factor login (TOTP, RFC 6238): the shared secret, and since when it is required at
    # login (None while the user is still enrolling or has no second factor).
    totp_secret: str | None = Field(default=None, max_length=64)
    totp_enabled_at: datetime | None = _ts(nullable=True)
    # The newest TOTP time step accepted, so one code cannot be used twice.
    totp_last_step: int | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Office(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    created_at: datetime = _created()
    # A beheerder can require a second factor of every employee of the office.
    require_two_factor: bool = False


class OfficeHouseStyle(SQLModel, table=True):
    """An office's own look (Instellingen > Huisstijl), in its reports, portal and e-mails.
    At most one per office; no row is the default look. The logo (PNG or JPEG, checked by
    decoding, see ``house_style``) lives here, in the database, so every instance and a
    backup has it; ``logo_version`` changes with it (the logo URL's cache key)."""

    office_id: int = Field(foreign_key="office.id", primary_key=True)
    colour: str = Field(default="", max_length=7, sa_column_kwargs={"server_default": ""})
    disclaimer: str = Field(default="", max_length=1000, sa_column_kwargs={"server_default": ""})
    logo: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    logo_mime: str = Field(default="", max_length=20, sa_column_kwargs={"server_default": ""})
    logo_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    updated_at: datetime = _created()
    updated_by_id: int | None = Field(default=None, foreign_key="identity.id")


class OfficeMembership(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("office_id", "identity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    identity_id: int = Field(foreign_key="identity.id", index=True)
    role: str = Field(max_length=20)  # "beheerder" | "medewerker"
    created_at: datetime = _created()


class AuthSession(SQLModel, table=True):
    """A login session. Only the SHA-256 of the token is stored."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    identity_id: int = Field(foreign_key="identity.id", index=True)
    created_at: datetime = _created()
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    revoked_at: datetime | None = _ts(nullable=True)
    # What Mijn account shows of each session, so the user can recognise and end the others.
    last_seen_at: datetime | None = _ts(nullable=True)
    user_agent: str = Field(default="", max_length=300)
    ip: str = Field(default="", max_length=45)


class LoginAttempt(SQLModel, table=True):
    """Failed and successful logins (and reset requests), for throttling by e-mail address
    and by client IP."""

    __table_args__ = (Index("ix_loginattempt_email_at", "email", "at"),
                      Index("ix_loginattempt_ip_at", "ip", "at"))

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    at: datetime = _created()
    success: bool = False
    ip: str = Field(default="", max_length=45)
    kind: str = Field(default="login", max_length=20)  # "login" | "second_factor" | "reset"


# --- price lists ---------------------------------------------------------------


class PriceList(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("office_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    name: str = Field(max_length=100)


class PriceListItem(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    price_list_id: int = Field(foreign_key="pricelist.id", index=True)
    article_no: str = Field(default="", max_length=40)
    description: str = Field(max_length=200)
    unit: str = Field(default="per uur", max_length=40)
    price_cents: int = 0


# --- clients ---------------------------------------------------------------------


CLIENT_SEARCH_TRIGRAM_INDEX = "ix_client_search_trgm"
POSTGRESQL_ONLY_INDEXES = {CLIENT_SEARCH_TRIGRAM_INDEX}  # alembic/env.py: not missing elsewhere


class Client(SQLModel, table=True):
    """A client (klant) of an office, with every field of the seed's "Nieuwe klant" form."""

    __table_args__ = (
        UniqueConstraint("office_id", "number", name="uq_client_office_number"),
        UniqueConstraint("office_id", "kvk_number", name="uq_client_office_kvk"),
        # One index per sort column, covering the search filter: a page is read in order
        # from the index and rows are only fetched for matches (fast with 100,000 clients).
        Index("ix_client_office_name", "office_id", "name", "search_text"),
        Index("ix_client_office_city", "office_id", "city", "search_text"),
        Index("ix_client_office_number_search", "office_id", "number", "search_text"),
        Index("ix_client_office_kvk_search", "office_id", "kvk_number", "search_text"),
        # PostgreSQL only: a trigram index finds the few matches of a fragment ("1234" of a
        # KvK-nummer) without scanning every client in sort order (100 ms -> a few ms with
        # 100,000 clients; benchmarks/clients_search.py). SQLite's scan is fast enough.
        Index(CLIENT_SEARCH_TRIGRAM_INDEX, "search_text", postgresql_using="gin",
              postgresql_ops={"search_text": "gin_trgm_ops"}).ddl_if(dialect="postgresql"),
    )

    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    # Basisgegevens
    number: str = Field(max_length=20)  # Klantnummer
    name: str = Field(max_length=200)
    kvk_number: str = Field(max_length=8)
    legal_form: str = Field(max_length=40)  # Rechtsvorm
    account_manager_id: int = Field(foreign_key="identity.id")
    price_list_id: int | None = Field(default=None, foreign_key="pricelist.id")
    # Adres
    address: str = Field(default="", max_length=200)
    postcode: str = Field(default="", max_length=10)
    city: str = Field(default="", max_length=100)
    country: str = Field(default="", max_length=60)
    visit_address: str = Field(default="", max_length=200)
    visit_postcode: str = Field(default="", max_length=10)
    visit_city: str = Field(default="", max_length=100)
    visit_country: str = Field(default="", max_length=60)
    # Diversen
    phone: str = Field(default="", max_length=40)
    website: str = Field(default="", max_length=200)
    vat_period: str = Field(default="Niet van toepassing", max_length=40)
    category: str = Field(default="", max_length=100)  # Klantencategorie
    branche: str = Field(default="", max_length=100)
    vat_number: str = Field(default="", max_length=20)
    credit_limit_cents: int = 0
    invoice_language: str = Field(default="NL - Dutch", max_length=40)
    # Industriestandaard
    sbi_code: str = Field(default="", max_length=10)
    # Aangepaste velden
    company_email: str = Field(default="", max_length=254)
    files_own_vat_return: bool = False  # Doet zelf BTW aangifte
    data_delivered: bool = False  # Gegevens aangeleverd
    # lower-cased name, number, KvK and city: one column to search
    search_text: str = Field(default="", max_length=400)
    created_at: datetime = _created()
    updated_at: datetime = _created()


class FiscalYear(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("client_id", "start_date"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    start_date: date
    end_date: date


class ContactPerson(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    phone: str = Field(default="", max_length=40)
    mobile: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=254)
    is_main: bool = False
    created_at: datetime = _created()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ContactPersonRole(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("contact_person_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_person_id: int = Field(foreign_key="contactperson.id", index=True)
    role: str = Field(max_length=60)


class ContactMoment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    employee_id: int = Field(foreign_key="identity.id")
    occurred_on: date
    kind: str = Field(max_length=20)  # Telefoon | E-mail | Bezoek | Overig
    subject: str = Field(max_length=200)
    notes: str = Field(default="", max_length=4000)
    created_at: datetime = _created()


# --- services (diensten) -------------------------------------------------------


class ServiceDefinition(SQLModel, table=True):
    """A dienst as set up under Instellingen > Diensten."""

    __table_args__ = (UniqueConstraint("office_id", "code", name="uq_service_office_code"),)

    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    code: str = Field(max_length=20)
    name: str = Field(max_length=100)
    article_no: str = Field(default="", max_length=40)
    period: str = Field(max_length=20)  # Maand | Kwartaal | Jaar | Eenmalig
    description: str = Field(default="", max_length=2000)
    active: bool = True
    show_overdue_checkpoints: bool = False
    reuse_due_dates: bool = False
    created_at: datetime = _created()


class Checkpoint(SQLModel, table=True):
    """A controlemoment of a service: a check due some days after each period ends."""

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="servicedefinition.id", index=True)
    name: str = Field(max_length=100)
    days_after_period: int = 0


class Activity(SQLModel, table=True):
    """An activiteit voor urenregistratie of a service."""

    __table_args__ = (UniqueConstraint("service_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="servicedefinition.id", index=True)
    code: str = Field(max_length=20)
    name: str = Field(max_length=100)
    article_no: str = Field(default="", max_length=40)
    pricing: str = Field(default="uur", max_length=12)  # "uur" | "verrichting"
    use_in_resource_planning: bool = False
    active: bool = True


class ClientService(SQLModel, table=True):
    """A service linked to a client, with its owner (diensteigenaar)."""

    __table_args__ = (UniqueConstraint("client_id", "service_id", name="uq_client_service"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    service_id: int = Field(foreign_key="servicedefinition.id", index=True)
    owner_id: int = Field(foreign_key="identity.id", index=True)
    description: str = Field(default="", max_length=2000)
    created_at: datetime = _created()


class ClientServiceParticipant(SQLModel, table=True):
    """A deelnemer: an employee taking part in a client's service."""

    __table_args__ = (UniqueConstraint("client_service_id", "identity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    client_service_id: int = Field(foreign_key="clientservice.id", index=True)
    identity_id: int = Field(foreign_key="identity.id", index=True)
    created_at: datetime = _created()  # "since when" on Wie kan onze cijfers zien


# --- audit -----------------------------------------------------------------------


class AuditEntry(SQLModel, table=True):
    """Append-only: who did what to which record, when, with the changed values."""

    __table_args__ = (Index("ix_auditentry_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _created()
    actor_id: int | None = Field(default=None, foreign_key="identity.id")
    office_id: int | None = Field(default=None, foreign_key="office.id", index=True)
    action: str = Field(max_length=40)
    entity: str = Field(max_length=40)
    entity_id: int | None = None
    changes: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _audit_is_append_only(mapper, connection, target):
    raise PermissionError("the audit log is append-only")


# --- Online: the company registry and collaborations -------------------------------


class Company(SQLModel, table=True):
    """A company in the registry ("Visma Online"), keyed by KvK-nummer."""

    id: int | None = Field(default=None, primary_key=True)
    kvk_number: str = Field(max_length=8, unique=True, index=True)
    name: str = Field(max_length=200)
    address: str = Field(default="", max_length=200)
    postcode: str = Field(default="", max_length=10)
    city: str = Field(default="", max_length=100)
    country: str = Field(default="", max_length=60)
    email: str = Field(default="", max_length=254)
    created_at: datetime = _created()


class CompanyProduct(SQLModel, table=True):
    """A product a company uses: its own subscription, or one enabled by a collaboration."""

    __table_args__ = (UniqueConstraint("company_id", "product"),)

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    product: str = Field(max_length=40)
    since: datetime = _created()


class CompanyMember(SQLModel, table=True):
    """A client user of a company: role beheerder or gebruiker, at most one main contact."""

    __table_args__ = (UniqueConstraint("company_id", "identity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    identity_id: int = Field(foreign_key="identity.id", index=True)
    role: str = Field(max_length=20)  # "beheerder" | "gebruiker"
    is_main_contact: bool = False
    created_at: datetime = _created()
    # Gebruikers: a contact phone, and deactivation that keeps the member's history
    phone: str = Field(default="", max_length=40)
    active: bool = True


class CollaborationState(StrEnum):
    """The values of ``Collaboration.state``; the transitions live in online.collaborations."""

    REQUESTED = "verzoek_verzonden"
    ACTIVE = "actief"
    DECLINED = "geweigerd"
    WITHDRAWN = "ingetrokken"
    EXPIRED = "verlopen"
    ENDED = "beeindigd"


class Collaboration(SQLModel, table=True):
    """A samenwerking: an office's access to a product of a client's company.

    ``open_key`` is "<client_id>:<product family>" while the collaboration is pending
    or active and NULL afterwards; its unique constraint makes a double click, a
    reload or two employees at once end in one collaboration.
    """

    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    client_service_id: int = Field(foreign_key="clientservice.id")
    product: str = Field(max_length=40)
    state: str = Field(max_length=20, index=True)
    open_key: str | None = Field(default=None, max_length=60, unique=True)
    invoice_recipient: str = Field(default="", max_length=20)  # "kantoor" | "klant" | ""
    duration_months: int | None = None
    price_cents: int | None = None
    requested_by_id: int = Field(foreign_key="identity.id")
    answered_by_id: int | None = Field(default=None, foreign_key="identity.id")
    expires_at: datetime | None = _ts(nullable=True)
    created_at: datetime = _created()
    updated_at: datetime = _created()


# --- Online: company users, activation links and outgoing mail ------------------------------


class MemberProduct(SQLModel, table=True):
    """A main service (hoofddienst) that one company user may use."""

    __table_args__ = (UniqueConstraint("company_member_id", "product"),)

    id: int | None = Field(default=None, primary_key=True)
    company_member_id: int = Field(foreign_key="companymember.id", index=True)
    product: str = Field(max_length=40)


class AccountActivation(SQLModel, table=True):
    """Per identity: the generation activation links are bound to (a link carries the
    generation it was made for; resending, changing the address and using a link move it on,
    so every earlier link is dead without a token table), and when the terms were accepted."""

    id: int | None = Field(default=None, primary_key=True)
    identity_id: int = Field(foreign_key="identity.id", unique=True, index=True)
    generation: int = 0
    last_sent_at: datetime | None = _ts(nullable=True)
    terms_accepted_at: datetime | None = _ts(nullable=True)


class OutboxMessage(SQLModel, table=True):
    """Every e-mail, written in the transaction of the change that causes it and delivered
    afterwards; a failed delivery stays here with its error and is retried."""

    __table_args__ = (Index("ix_outbox_due", "sent_at", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)  # "activation" | "access_granted"
    to_email: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    text_body: str = Field(sa_column=Column(Text, nullable=False))
    html_body: str = Field(sa_column=Column(Text, nullable=False))
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True)
    # The office whose action caused the mail: the development mailbox shows a viewer only
    # the mail of their own office (or their own company).
    office_id: int | None = Field(default=None, foreign_key="office.id", index=True)
    identity_id: int | None = Field(default=None, foreign_key="identity.id", index=True)
    sender_id: int | None = Field(default=None, foreign_key="identity.id")
    created_at: datetime = _created()
    next_attempt_at: datetime = _created()
    attempts: int = 0
    last_error: str = Field(default="", max_length=500)
    sent_at: datetime | None = _ts(nullable=True)
    transport: str = Field(default="", max_length=10)  # "smtp" | "mailbox" once delivered
    # The same Message-ID on every attempt, so a resend after a crash can be recognised.
    message_id: str = Field(default="", max_length=200)
    # The lease of the worker delivering it now; a dead worker's lease simply runs out.
    locked_until: datetime | None = _ts(nullable=True)
    locked_by: str | None = Field(default=None, max_length=80)


class LinkGeneration(SQLModel, table=True):
    """Per identity and purpose ("reset", "email_change"): the generation its e-mailed links
    are bound to, as AccountActivation does for activation links. One counter per purpose,
    so a reset does not kill an open activation link and the reverse."""

    __table_args__ = (UniqueConstraint("identity_id", "purpose"),)

    id: int | None = Field(default=None, primary_key=True)
    identity_id: int = Field(foreign_key="identity.id", index=True)
    purpose: str = Field(max_length=20)
    generation: int = 0
    last_sent_at: datetime | None = _ts(nullable=True)


class RecoveryCode(SQLModel, table=True):
    """A single-use recovery code for the second factor; only its hash is stored."""

    id: int | None = Field(default=None, primary_key=True)
    identity_id: int = Field(foreign_key="identity.id", index=True)
    code_hash: str = Field(max_length=255)
    used_at: datetime | None = _ts(nullable=True)
    created_at: datetime = _created()


class FigureAccess(SQLModel, table=True):
    """Every view, export and import of a client's figures: who, when, what. The company's
    Beheerders read it under "Wie kan onze cijfers zien"."""

    __table_args__ = (Index("ix_figureaccess_client_at", "client_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    identity_id: int | None = Field(default=None, foreign_key="identity.id", index=True)
    kind: str = Field(max_length=20)  # "view" | "export" | "import"
    what: str = Field(default="", max_length=200)
    at: datetime = _created()


class ScheduledJob(SQLModel, table=True):
    """One row per periodic job (vfo_app.domain.jobs): when it is due next and which worker
    holds it now, so that with many workers each run happens once."""

    name: str = Field(primary_key=True, max_length=60)
    next_run_at: datetime = _created()
    locked_until: datetime | None = _ts(nullable=True)
    locked_by: str | None = Field(default=None, max_length=80)
    last_run_at: datetime | None = _ts(nullable=True)
    last_error: str = Field(default="", max_length=500)


# --- ledger: figures imported from XAF auditfiles (vfo_app.domain.xaf) ---------------------
# One LedgerImport per client and fiscal year; re-importing a year replaces its accounts and
# lines in one transaction, keeping the import row's id. Amounts are signed integer cents
# (debit positive, credit negative) in BIGINT: sums over a year overflow 32 bits.


class LedgerImport(SQLModel, table=True):
    """The figures of one fiscal year of a client, as last imported from an auditfile."""

    __table_args__ = (UniqueConstraint("client_id", "year", name="uq_ledgerimport_client_year"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    year: int  # the fiscal year as a number (from fiscalYear, else the start date's year)
    fiscal_year: str = Field(default="", max_length=20)  # the file's own label
    start_date: date | None = None
    end_date: date | None = None
    file_name: str = Field(default="", max_length=255)
    company_name: str = Field(default="", max_length=200)
    software: str = Field(default="", max_length=200)
    software_version: str = Field(default="", max_length=50)
    xaf_version: str = Field(default="", max_length=10)
    imported_at: datetime = _created()
    imported_by_id: int | None = Field(default=None, foreign_key="identity.id")
    imported_by_name: str = Field(default="", max_length=200)
    accounts_count: int = 0
    transactions_count: int = 0
    lines_count: int = 0
    opening_lines_count: int = 0
    debit_total_cents: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    credit_total_cents: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    warnings: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The checks run on the file before the client saw its figures: [{"code", "status",
    # "message", ...}], kept with the import so every figure page can say what they found.
    checks: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    last_booking_date: date | None = None  # "Cijfers t/m"
    currency: str = Field(default="", max_length=3)
    # The file's SHA-256, so the same bytes pushed again import nothing; and how it came in.
    content_sha256: str = Field(default="", max_length=64, index=True)
    source: str = Field(default="", max_length=20)  # "upload" | "cli" | "api" | "demo"


class LedgerParty(SQLModel, table=True):
    """A customer or supplier of the auditfile (``custSup``), with its opening and closing
    balance where the file gives them (XAF 4.0), for the debtor and creditor figures."""

    __table_args__ = (UniqueConstraint("import_id", "party_id", name="uq_ledgerparty_import_party"),)

    id: int | None = Field(default=None, primary_key=True)
    import_id: int = Field(foreign_key="ledgerimport.id", index=True)
    client_id: int = Field(foreign_key="client.id")
    party_id: str = Field(max_length=35)  # custSupID as in the file
    name: str = Field(default="", max_length=255)
    kind: str = Field(default="", max_length=20)  # "klant" | "leverancier" | "beide" | ""
    opening_cents: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    closing_cents: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class ApiKey(SQLModel, table=True):
    """An office's key for pushing auditfiles from the bookkeeping package. Only the SHA-256 of
    the key is stored; the key is shown once, when it is made."""

    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=12)  # the key's first characters, to recognise it in lists
    key_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = _created()
    created_by_id: int | None = Field(default=None, foreign_key="identity.id")
    last_used_at: datetime | None = _ts(nullable=True)
    revoked_at: datetime | None = _ts(nullable=True)


class LedgerAccount(SQLModel, table=True):
    """A grootboekrekening of a client's year, with its classification."""

    __table_args__ = (
        UniqueConstraint("import_id", "account_id", name="uq_ledgeraccount_import_account"),
        Index("ix_ledgeraccount_client_account", "client_id", "account_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    import_id: int = Field(foreign_key="ledgerimport.id", index=True)
    client_id: int = Field(foreign_key="client.id")
    account_id: str = Field(max_length=35)  # accID as in the file: "0100" stays "0100"
    description: str = Field(default="", max_length=255)
    account_type: str = Field(default="", max_length=1)  # accTp: B | P | ""
    rgs_code_file: str = Field(default="", max_length=100)  # as found in the file
    rgs_code: str = Field(default="", max_length=40)  # nearest code RGS 3.7 knows
    section: str = Field(max_length=1)  # B = balans, P = winst-en-verlies
    category: str = Field(max_length=40)  # a key of vfo_app.domain.xaf.classify.CATEGORIES
    classified_by: str = Field(max_length=20)  # rgs | acctp | nummer | standaard | correctie
    corrected: bool = False
    # What the category rests on, in words: "RGS-code BVorDebHad", "omschrijving 'Debiteuren'",
    # "klant 11000", "rekeningnummer". Accounts resting on the number alone are to be confirmed.
    classification_basis: str = Field(default="", max_length=200)


class LedgerLine(SQLModel, table=True):
    """A journal line (or opening balance line) of a client's year. Written with bulk inserts."""

    __table_args__ = (
        # covering index for aggregates per account and day (trial balance, dashboards,
        # drill-down): figures.year_sums groups in its order without a sort or a table lookup
        Index("ix_ledgerline_agg", "import_id", "account_id", "is_opening", "entry_date",
              "amount_cents"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # The import's id, kept by triggers instead of a foreign key (migration 0010): a line of
    # an import that does not exist is refused, and so is deleting an import that has lines;
    # the foreign key's check per row was a third of the server's work in an import's COPY.
    import_id: int
    account_id: str = Field(max_length=35)
    journal_id: str = Field(default="", max_length=35)
    journal_type: str = Field(default="", max_length=2)
    transaction_nr: str = Field(default="", max_length=35)
    entry_date: date | None = None
    period: int | None = None
    description: str = Field(default="", max_length=255)
    amount_cents: int = Field(sa_column=Column(BigInteger, nullable=False))  # debit +, credit -
    is_opening: bool = False


# Created after and emptied before its import, as if the foreign key were there (the order
# of SQLModel.metadata.sorted_tables, e.g. for the tests' emptying of tables).
LedgerLine.__table__.add_is_dependent_on(LedgerImport.__table__)


class LedgerDaySum(SQLModel, table=True):
    """The lines of an import summed per account, day and opening flag, written once by the
    import. Dashboards, reports, drill-down to accounts and the trial balance read these few
    thousand rows instead of aggregating a million lines on every page view."""

    __table_args__ = (Index("ix_ledgerdaysum_import_account", "import_id", "account_id"),)

    id: int | None = Field(default=None, primary_key=True)
    import_id: int = Field(foreign_key="ledgerimport.id")
    account_id: str = Field(max_length=35)
    is_opening: bool = False
    entry_date: date | None = None
    debit_cents: int = Field(sa_column=Column(BigInteger, nullable=False))
    credit_cents: int = Field(sa_column=Column(BigInteger, nullable=False))  # positive
    lines: int = 0


class LedgerClassificationCorrection(SQLModel, table=True):
    """The accountant's classification of an account; wins over the file and survives imports."""

    __table_args__ = (
        UniqueConstraint("client_id", "account_id", name="uq_ledgercorrection_client_account"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    account_id: str = Field(max_length=35)
    section: str = Field(max_length=1)
    category: str = Field(max_length=40)
    corrected_by_id: int | None = Field(default=None, foreign_key="identity.id")
    corrected_at: datetime = _created()


# --- Financial Overview: the accountant's comments, "Vertel het verhaal" -------------------


class OverviewComment(SQLModel, table=True):
    """A comment of the accountant on a client's dashboard, report or key figure, for a fiscal
    year and optionally one period of it; the company's users read it."""

    __table_args__ = (Index("ix_overviewcomment_client_year", "client_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    year: int
    month: int | None = None  # period of the fiscal year (1 = its first month), None = the year
    target: str = Field(max_length=40)  # "dashboard" | "winst_en_verlies" | "balans" | key figure
    text: str = Field(sa_column=Column(Text, nullable=False))
    author_id: int = Field(foreign_key="identity.id", index=True)
    created_at: datetime = _created()
    updated_at: datetime = _created()


# Budget per client, fiscal year, profit-and-loss category and month of that fiscal year (1 =
# its first month). Amounts in cents as the entrepreneur reads them: revenue and costs both
# positive (``vfo_app.domain.overview.budget`` turns the ledger's signs around for actuals).


class BudgetLine(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("client_id", "year", "category", "month",
                         name="uq_budgetline_client_year_category_month"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    year: int
    category: str = Field(max_length=40)  # a profit-and-loss key of classify.CATEGORIES
    month: int  # 1..12 of the fiscal year
    amount_cents: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated_at: datetime = _created()
    updated_by_id: int | None = Field(default=None, foreign_key="identity.id")


# --- Financial Overview: key figures on the dashboard (vfo_app.domain.overview.key_figures) ----


class ClientKeyFigure(SQLModel, table=True):
    """The accountant's setting of one key figure for one client: shown on the dashboard (at
    ``position``), a target and an alert threshold in the figure's own unit. A client without
    any shown row follows its office's default set (``OfficeKeyFigure``)."""

    __table_args__ = (UniqueConstraint("client_id", "key", name="uq_clientkeyfigure_client_key"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    key: str = Field(max_length=40)  # a key of key_figures.LIBRARY
    shown: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    position: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    target: float | None = None
    threshold: float | None = None
    updated_at: datetime = _created()
    updated_by_id: int | None = Field(default=None, foreign_key="identity.id")


class OfficeKeyFigure(SQLModel, table=True):
    """The office's default set of key figures for its clients' dashboards, in order."""

    __table_args__ = (UniqueConstraint("office_id", "key", name="uq_officekeyfigure_office_key"),)

    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    key: str = Field(max_length=40)
    position: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


# --- Financial Overview that advises: forecast, alerts and notices, portfolio, comparison --------
# (vfo_app.domain.overview.forecast, .alerts, .portfolio, .comparison)


class ForecastAssumption(SQLModel, table=True):
    """The accountant's adjustments to a client's liquidity forecast (Liquiditeitsprognose).
    Every column None means "derived from the figures"; a value overrides that derivation."""

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", unique=True, index=True)
    start_cash_cents: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    debtor_days: int | None = None
    creditor_days: int | None = None
    monthly_costs_cents: int | None = Field(default=None,
                                            sa_column=Column(BigInteger, nullable=True))
    vat_per_month_cents: int | None = Field(default=None,
                                            sa_column=Column(BigInteger, nullable=True))
    updated_at: datetime = _created()
    updated_by_id: int | None = Field(default=None, foreign_key="identity.id")


class ClientFigureSnapshot(SQLModel, table=True):
    """A client's newest figures summed once per import (and again after a re-import or a
    reclassification), with the flags of its thresholds, checks and observations: what the
    Portefeuille and the office comparison read, instead of summing every client's ledger on
    each page view. ``import_imported_at`` and ``corrections_at`` say what it was computed
    from; a snapshot that no longer matches is computed again before it is shown."""

    __table_args__ = (Index("ix_clientfiguresnapshot_office_flag", "office_id", "flag"),)

    client_id: int = Field(foreign_key="client.id", primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    import_id: int | None = Field(default=None, foreign_key="ledgerimport.id")
    import_imported_at: datetime | None = _ts(nullable=True)
    corrections_at: datetime | None = _ts(nullable=True)
    year: int | None = None
    upto: int | None = None  # month of the fiscal year the figures run to
    last_booking_date: date | None = None  # "geboekt t/m"
    imported_at: datetime | None = _ts(nullable=True)  # last import
    omzet_cents: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    omzet_last_year_cents: int | None = Field(default=None,
                                              sa_column=Column(BigInteger, nullable=True))
    result_cents: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    result_last_year_cents: int | None = Field(default=None,
                                               sa_column=Column(BigInteger, nullable=True))
    cash_cents: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    gross_margin_pct: float | None = None
    net_margin_pct: float | None = None
    current_ratio: float | None = None
    solvency_pct: float | None = None
    debtor_days: float | None = None
    flag: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # 0 green 1 orange 2 red
    flag_reasons: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    evaluated_on: date | None = None  # the day alerts were last evaluated (late figures)
    computed_at: datetime = _created()


class ClientAlert(SQLModel, table=True):
    """A condition of a client that calls for attention: a breached threshold or an automatic
    observation of weight "let op". It fires once (notices are made when it becomes active)
    and stays active, silently, until the condition is gone; it fires again only after that."""

    __table_args__ = (UniqueConstraint("client_id", "code", name="uq_clientalert_client_code"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    code: str = Field(max_length=60)  # "drempel:<key>" | "liquiditeit" | "eigen_vermogen" | ...
    message: str = Field(max_length=400)
    active: bool = Field(default=True, sa_column_kwargs={"server_default": sa_true()})
    fired_at: datetime = _created()
    cleared_at: datetime | None = _ts(nullable=True)


class Notice(SQLModel, table=True):
    """A notice for one employee (service owner or participant) about one alert: shown in the
    app until read, and mailed in at most one digest a day."""

    __table_args__ = (Index("ix_notice_identity_read", "identity_id", "read_at"),)

    id: int | None = Field(default=None, primary_key=True)
    identity_id: int = Field(foreign_key="identity.id")
    office_id: int = Field(foreign_key="office.id", index=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    alert_id: int = Field(foreign_key="clientalert.id", index=True)
    message: str = Field(max_length=400)
    created_at: datetime = _created()
    read_at: datetime | None = _ts(nullable=True)
    digested_at: datetime | None = _ts(nullable=True, index=True)


class OfficeAdviceSetting(SQLModel, table=True):
    """An office's choices for advice: the anonymous comparison within the office (off until
    a beheerder switches it on under Instellingen)."""

    office_id: int = Field(foreign_key="office.id", primary_key=True)
    compare_within_office: bool = Field(default=False,
                                        sa_column_kwargs={"server_default": sa_false()})
    updated_at: datetime = _created()
    updated_by_id: int | None = Field(default=None, foreign_key="identity.id")


# --- report packs -------------------------------------------------------------------------------


class ReportPack(SQLModel, table=True):
    """The accountant's periodic report of one client and period (a month, a quarter or the
    year to date of a fiscal year), as it is being composed: its parts, introduction and
    text. Only the office sees it; what the client sees is a published ``ReportPackVersion``."""

    __table_args__ = (UniqueConstraint("client_id", "year", "period_kind", "month",
                                       name="uq_reportpack_client_period"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    year: int  # the fiscal year
    period_kind: str = Field(max_length=10)  # "month" | "quarter" | "ytd"
    month: int  # the period's last month of the fiscal year (1 = its first month)
    parts: list = Field(default_factory=list,
                        sa_column=Column(JSON, nullable=False, server_default="[]"))
    introduction: str = Field(default="", sa_column=Column(Text, nullable=False,
                                                           server_default=""))
    text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    scheduled: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    created_at: datetime = _created()
    updated_at: datetime = _created()
    updated_by_id: int | None = Field(default=None, foreign_key="identity.id")
    # set when a published version's figures changed after a later import: the service owner
    # is asked to publish again; cleared by publishing
    restated_at: datetime | None = _ts(nullable=True)


class ReportPackVersion(SQLModel, table=True):
    """A published version of a pack, locked: the figures of every part as they were then
    (``snapshot``), and the introduction and text with their numbers filled in."""

    __table_args__ = (UniqueConstraint("pack_id", "version", name="uq_reportpackversion"),)

    id: int | None = Field(default=None, primary_key=True)
    pack_id: int = Field(foreign_key="reportpack.id", index=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    title: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    introduction: str = Field(default="", sa_column=Column(Text, nullable=False,
                                                           server_default=""))
    text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    snapshot: list = Field(default_factory=list,
                           sa_column=Column(JSON, nullable=False, server_default="[]"))
    published_at: datetime = _created()
    published_by_id: int | None = Field(default=None, foreign_key="identity.id")


class ReportSchedule(SQLModel, table=True):
    """An office's template for packs drafted by the job: the parts, the introduction, which
    period and how many days after its end; and whether the publication mail carries the PDF."""

    office_id: int = Field(foreign_key="office.id", primary_key=True)
    active: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    period_kind: str = Field(default="month", max_length=10,
                             sa_column_kwargs={"server_default": "month"})
    days_after: int = Field(default=10, sa_column_kwargs={"server_default": "10"})
    parts: list = Field(default_factory=list,
                        sa_column=Column(JSON, nullable=False, server_default="[]"))
    introduction: str = Field(default="", sa_column=Column(Text, nullable=False,
                                                           server_default=""))
    attach_pdf: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    updated_at: datetime = _created()
    updated_by_id: int | None = Field(default=None, foreign_key="identity.id")


class OutboxAttachment(SQLModel, table=True):
    """A file sent with an outbox message (the pack's PDF)."""

    id: int | None = Field(default=None, primary_key=True)
    outbox_id: int = Field(foreign_key="outboxmessage.id", index=True)
    filename: str = Field(max_length=200)
    content_type: str = Field(default="application/pdf", max_length=100,
                              sa_column_kwargs={"server_default": "application/pdf"})
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


# --- a question on a figure ("Vraag over dit cijfer") ------------------------------------------


class FigureQuestion(SQLModel, table=True):
    """A thread about one figure of one period of a client: the company's users ask, the
    employees who may see the figures answer. One thread per figure and period; asking again
    adds to it. ``waiting``: the newest message is the client's (it waits for an answer)."""

    __table_args__ = (
        UniqueConstraint("client_id", "year", "month", "figure_key",
                         name="uq_figurequestion_figure"),
        Index("ix_figurequestion_client_waiting", "client_id", "waiting"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    company_id: int = Field(foreign_key="company.id", index=True)
    year: int  # fiscal year
    month: int  # period of the fiscal year (1 = its first month)
    figure_key: str = Field(max_length=60)  # "kpi:omzet", "pl:omzet", "balance:debiteuren", ...
    figure_label: str = Field(max_length=120)
    asked_by_id: int = Field(foreign_key="identity.id")
    waiting: bool = Field(default=True, sa_column_kwargs={"server_default": sa_true()})
    created_at: datetime = _created()
    last_at: datetime = _created()  # the newest message


class FigureQuestionMessage(SQLModel, table=True):
    """One message of a thread: the question, an answer, a follow-up."""

    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="figurequestion.id", index=True)
    author_id: int = Field(foreign_key="identity.id")
    from_office: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _created()
