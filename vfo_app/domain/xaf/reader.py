"""Streaming reader of XML Auditfile Financieel 4.0, 3.2, 3.1 and CLAIR 2.00 ("XAF 2.0").

One reader for every version: the version comes from the namespace (4.0's is on the
Belastingdienst domain, 3.x's on auditfiles.nl) or, without one, from the header (CLAIR 2.00
says ``auditfileVersion`` CLAIR2.00.00 and names its elements differently: ``accountID``,
``transactionDate``, ``line`` with ``debitAmount``/``creditAmount``); CLAIR's names are
mapped onto the XAF ones, so every handler serves both dialects.

What real exports do is accepted with a warning, not refused: zero amounts without
``amntTp``, negative amounts (the sign turns the side), amounts with 0 or 1 decimals, control
totals that match nothing, an ``endDate`` a day past the year or a ``fiscalYear`` that
disagrees with the dates (the dates win), transactions without a usable period number
(derived from the date and the periods), free-text account types, another currency.

Why streaming with a pull parser: an auditfile of a busy year holds millions of lines; the
tree of each 64 KiB piece is built, read and cleared, so memory stays flat. The parser reports
the end of each transaction, not of each line: its lines are read in one loop (see "Why per
transaction" below), the step that decides the import's speed. Why so careful:
the file comes from outside. A DOCTYPE (and so any entity, internal or external) is refused
before libxml2 sees it, and the parser is also configured to resolve nothing, load no DTD
and use no network. Every refusal is a ``Problem`` naming what, which element and the line.

The reader yields, in this order: ``("header", Header)`` once, ``("accounts", [Account])``
once, then ``("lines", [row dict])`` batches (opening balance lines first). Counts, totals
and warnings are in ``reader.summary``; a refused file raises ``XafRefused`` with the
problems and the summary so far.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from operator import attrgetter
from typing import Any, BinaryIO

from lxml import etree

from vfo_app.domain.xaf.encoding import Transcoder, UnknownEncoding

NS_40 = "http://www.odb.belastingdienst.nl/Belastingdienst/BCPP/1.1/structures/XmlauditfileXAF_4.0"
NAMESPACES = {NS_40: "4.0", "http://www.auditfiles.nl/XAF/3.2": "3.2",
              "http://www.auditfiles.nl/XAF/3.1": "3.1", "": ""}
CLAIR = "CLAIR2.00"
# CLAIR 2.00's element names for the XAF names the handlers ask for
_CLAIR_NAMES = {"accID": "accountID", "accDesc": "accountDesc", "accTp": "accountType",
                "desc": "description", "nr": "transactionID", "jrnID": "journalID",
                "jrnTp": "type", "periodNumber": "period", "trDt": "transactionDate",
                "linesCount": "numberEntries", "trLine": "line"}
# accTp as free text ("Assets", "Expenses"), lower case, to B (balans) or P (resultaat)
_ACCOUNT_TYPES = {
    **dict.fromkeys(("b", "balans", "balance", "balance sheet", "bs", "assets", "asset",
                     "activa", "liabilities", "liability", "passiva", "equity", "eigen vermogen",
                     "capital", "vermogen"), "B"),
    **dict.fromkeys(("p", "w", "resultaat", "winst en verlies", "winst-en-verlies",
                     "profit and loss", "profit & loss", "pl", "p&l", "income", "revenue",
                     "revenues", "expenses", "expense", "costs", "cost", "kosten",
                     "opbrengsten", "omzet", "result", "profit", "loss"), "P"),
    "m": "M"}
_PARTY_KINDS = {
    **dict.fromkeys(("c", "customer", "debtor", "debiteur", "klant", "debiteuren"), "klant"),
    **dict.fromkeys(("s", "supplier", "creditor", "crediteur", "leverancier", "crediteuren"),
                    "leverancier"),
    **dict.fromkeys(("b", "both", "beide"), "beide")}
MAX_PROBLEMS = 25
MAX_ID = 35  # IdentificationString35
MAX_TEXT = 255
# A line as the reader hands it on: a tuple in this column order (a dict per line cost a
# tenth of the import time at a million lines). ``read_all`` gives dicts for readability.
# The entry date is ISO text ("2024-03-15"): what SQLite stores and COPY reads, made once per
# transaction instead of once per line by the database driver.
LINE_COLUMNS = ("account_id", "journal_id", "journal_type", "transaction_nr", "entry_date",
                "period", "description", "amount_cents", "is_opening")
_AMOUNT = LINE_COLUMNS.index("amount_cents")
_TAGS = ("header", "companyName", "generalLedger", "ledgerAccount", "taxoElement",
         "companyIdent", "taxRegIdent", "Commercenr",
         "openingBalance", "obLine", "journal", "transaction",
         "customerSupplier", "period",
         # only cleared, so that big lists we do not use do not stay in memory
         "vatCode", "basic", "obSbLine", "sbLine")
_CODE_TAGS = ("RGScode", "leadReference", "leadCode", "conceptRef", "domainMemberRef",
              "entryPointRef")
_ONE_CODE = 3  # the first three are one child each; the rest may repeat deeper down
# A transaction still open after a chunk with more lines than this has its finished lines
# read and removed at once, so that one giant transaction cannot fill the memory.
BIG_TRANSACTION = 2000
FEED = 1 << 16  # bytes per parser.feed: libxml2 pushes 64 KiB pieces faster than 1 MiB
_PLAIN_AMOUNT = re.compile(r"[0-9]{1,15}\.[0-9][0-9]").fullmatch
_TAG, _TEXT = attrgetter("tag"), attrgetter("text")
_COMMENT_OR_PI = re.compile(r"<!--.*?-->|<\?.*?\?>", re.S)
_START_TAG = re.compile(r"<(?:([A-Za-z_][\w.\-]*):)?([A-Za-z_][\w.\-]*)")


@dataclass
class Problem:
    """Why a file is refused: what, in which element, on which line of the file."""

    what: str
    element: str = ""
    line: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"what": self.what, "element": self.element, "line": self.line}


@dataclass
class Header:
    fiscal_year: str = ""
    start_date: date | None = None
    end_date: date | None = None
    currency: str = ""
    software: str = ""
    software_version: str = ""
    xaf_version: str = ""
    year: int | None = None  # the fiscal year as a number, by the dates where they disagree


@dataclass
class Account:
    account_id: str
    description: str = ""
    account_type: str = ""  # accTp
    codes: list[str] = field(default_factory=list)  # candidate RGS codes, file order


@dataclass
class Party:
    """A customer or supplier (custSup), with its 4.0 opening and closing balance in cents,
    debit positive, where the file gives them."""

    party_id: str
    name: str = ""
    kind: str = ""  # "klant" | "leverancier" | "beide" | ""
    opening_cents: int | None = None
    closing_cents: int | None = None


@dataclass
class Summary:
    """What was read; the basis of the import report."""

    encoding: str = ""
    company_name: str = ""
    company_ident: str = ""  # the company's KvK (companyIdent), for the checks
    company_tax_id: str = ""  # its BTW number (taxRegIdent)
    unbalanced_transactions: int = 0
    control_mismatches: list[str] = field(default_factory=list)
    control_notes: list[str] = field(default_factory=list)  # a known dialect that matches
    controls_declared: bool = False  # the file gives linesCount/totalDebit/totalCredit
    accounts: int = 0
    transactions: int = 0
    lines: int = 0  # every trLine in the file
    debit_cents: int = 0  # over every trLine, as the header's control totals count them
    credit_cents: int = 0
    opening_lines: int = 0  # lines taken as the opening balance
    opening_source: str = "geen"  # "obLine" | "journaal O" | "geen"
    skipped_opening_lines: int = 0
    accounts_in_lines: set[str] = field(default_factory=set)
    parties: int = 0
    last_booking_date: date | None = None  # the latest date of a non-opening transaction
    # account -> {custSupID: lines of that account carrying it}, for the classification
    line_parties: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class XafRefused(Exception):
    """The file cannot be imported; ``problems`` say why and where."""

    def __init__(self, problems: list[Problem], summary: Summary | None = None) -> None:
        super().__init__("; ".join(p.what for p in problems))
        self.problems = problems
        self.summary = summary


def _euro(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}{whole:,}".replace(",", ".") + f",{frac:02d}"


class _DataError(Exception):
    def __init__(self, what: str, el: Any) -> None:
        super().__init__(what)
        name = _split(el.tag)[1] if el is not None else ""
        self.problem = Problem(what, name, el.sourceline if el is not None else None)


def parse_cents(text: str | None, el: Any) -> int:
    """Unsigned amount text to integer cents, exactly; the fast path avoids Decimal."""
    s = (text or "").strip()
    whole, _, frac = s.partition(".")
    if whole.isdigit() and len(frac) <= 2 and (frac == "" or frac.isdigit()):
        return int(whole) * 100 + (int(frac.ljust(2, "0")) if frac else 0)
    try:
        value = Decimal(s) * 100
    except InvalidOperation:
        raise _DataError(f"Ongeldig bedrag {s[:40]!r}", el) from None
    if not value.is_finite():
        raise _DataError(f"Ongeldig bedrag {s[:40]!r}", el)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _date(text: str | None, el: Any, *, required: bool) -> date | None:
    s = (text or "").strip()
    if not s and not required:
        return None
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        raise _DataError(f"Ongeldige datum {s[:40]!r}", el) from None


def _clear(el: Any) -> None:
    """Free an element we are done with, and its earlier siblings."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


class XafReader:
    """One pass over one auditfile. Use ``items()``, then read ``summary``."""

    def __init__(self, raw: BinaryIO, *, progress: Callable[[int], None] | None = None,
                 batch_size: int = 5000) -> None:
        self._source = Transcoder(raw, progress)
        self._batch_size = batch_size
        self.summary = Summary()
        self.header: Header | None = None
        self._problems: list[Problem] = []
        self._out: list[tuple[str, Any]] = []
        self._accounts: dict[str, Account] | None = {}
        self._accounts_sent = False
        self._batch: list[tuple[Any, ...]] = []
        self._ns: str | None = None
        self._handlers: dict[str, Callable[[Any], None]] = {}
        self._tx_el: Any = None
        self._open_tx: Any = None  # the transaction being parsed (its start event was seen)
        self._jrn_el: Any = None
        self._ob_el: Any = None
        self._ob_rows: list[tuple[Any, ...]] = []
        self._ob_date: date | None = None
        self._controls: dict[str, tuple[Any, int]] = {}
        self._jrn: tuple[str, str] = ("", "")
        self._tx: tuple[Any, ...] = ()
        self._tx_opening = False
        self._tx_desc = ""
        self._tx_sum = 0
        self._unbalanced: list[str] = []
        self._unbalanced_count = 0
        self._first_tx_line: int | None = None
        self._rounded = 0
        self._negative = 0
        self._clair = False
        self._parties: dict[str, Party] = {}
        self._party_ids: set[str] = set()
        self._periods: list[tuple[int, date, date]] = []
        self._odd: dict[str, int] = {}  # leniency -> how often, for the warnings
        self._free_types: set[str] = set()

    # --- driving the parser ----------------------------------------------------------------

    def items(self) -> Iterator[tuple[str, Any]]:
        """Header, accounts and line batches in file order; raises XafRefused on a bad file."""
        etree.clear_error_log()  # the exception's log is per thread: no stale messages
        parser = etree.XMLPullParser(
            events=("start", "end"), tag=[f"{{*}}{t}" for t in _TAGS], resolve_entities=False,
            no_network=True, load_dtd=False, huge_tree=False, remove_comments=True,
            remove_pis=True)
        try:
            yield from self._feed_all(parser)
            self._close(parser)
        except etree.XMLSyntaxError as exc:
            self._refuse(_syntax_problem(exc, parser.error_log))
        except UnknownEncoding as exc:
            self._refuse(Problem(f"Onbekende tekenset {exc.args[0]!r} in de XML-declaratie",
                                 "?xml", 1))
        self._finish()
        yield from self._drain()

    def _feed_all(self, parser: Any) -> Iterator[tuple[str, Any]]:
        prolog: str | None = ""
        for text in self._source:
            if prolog is not None:
                prolog = self._check_prolog(prolog + text)
            data = text.encode("utf-8")
            for at in range(0, len(data), FEED):
                parser.feed(data[at:at + FEED])
                self._run(parser.read_events())
                tx = self._open_tx
                if tx is not None and len(tx) > BIG_TRANSACTION:
                    self._read_finished_lines(tx)
                if self._out:  # a full batch leaves now, not at the end of the 1 MiB chunk
                    yield from self._drain()

    def _close(self, parser: Any) -> None:
        root = parser.close()
        self._run(parser.read_events())
        name = _split(root.tag)[1]
        if name != "auditfile":
            self._refuse(Problem(f"Dit is geen auditfile: het hoofdelement is <{name}>, "
                                 "verwacht <auditfile>.", name, root.sourceline))

    def _run(self, events: Any) -> None:
        for event, el in events:
            if event == "start":
                if _split(el.tag)[1] == "transaction":
                    self._open_tx = el
                continue
            handler = self._handlers.get(el.tag) or self._handler_for(el)
            try:
                handler(el)
            except _DataError as exc:
                self._problem(exc.problem)

    def _drain(self) -> Iterator[tuple[str, Any]]:
        out, self._out = self._out, []
        yield from out

    def _check_prolog(self, text: str) -> str | None:
        """Refuse a DOCTYPE and a root that is not <auditfile> before libxml2 parses on.

        Returns the prolog seen so far while the root start tag is not complete yet."""
        bare = _COMMENT_OR_PI.sub("", text)
        if "<!DOCTYPE" in bare or "<!ENTITY" in bare:
            pos = text.find("<!")
            self._refuse(Problem("Het bestand bevat een DOCTYPE of entiteiten; die worden om "
                                 "veiligheidsredenen niet verwerkt.", "!DOCTYPE",
                                 text.count("\n", 0, max(pos, 0)) + 1))
        match = _START_TAG.search(bare)
        if match is None or ">" not in bare[match.end():]:
            return text if len(text) < 4 * (1 << 20) else None
        if match.group(2) != "auditfile":
            line = text.count("\n", 0, max(text.find(match.group(0)), 0)) + 1
            self._refuse(Problem(f"Dit is geen auditfile: het hoofdelement is <{match.group(2)}>,"
                                 " verwacht <auditfile>.", match.group(2), line))
        return None

    # --- problems --------------------------------------------------------------------------

    def _problem(self, problem: Problem) -> None:
        self._problems.append(problem)
        if len(self._problems) >= MAX_PROBLEMS:
            self._refuse()

    def _refuse(self, problem: Problem | None = None) -> None:
        if problem is not None:
            self._problems.append(problem)
        raise XafRefused(self._problems, self.summary)

    def _warn(self, message: str) -> None:
        self.summary.warnings.append(message)

    # --- dispatch --------------------------------------------------------------------------

    def _handler_for(self, el: Any) -> Callable[[Any], None]:
        """The handler of a tag; the first element seen fixes the namespace."""
        ns, name = _split(el.tag)
        if self._ns is None:
            self._set_namespace(ns, el)
        if ns != self._ns:
            return _clear
        handler = getattr(self, f"_on_{name}", _clear)
        self._handlers[el.tag] = handler
        return handler

    def _set_namespace(self, ns: str, el: Any) -> None:
        if ns not in NAMESPACES:
            self._refuse(Problem(f"Onbekende auditfile-versie (namespace {ns[:80]!r}); "
                                 "ondersteund zijn XAF 4.0, 3.2, 3.1 en CLAIR 2.00.",
                                 _split(el.tag)[1], el.sourceline))
        self._ns = ns
        self._set_names({})

    def _set_names(self, aliases: dict[str, str]) -> None:
        """The qualified tag of each element the handlers ask for, by its XAF name."""
        ns = self._ns
        self._q = {name: (f"{{{ns}}}{aliases.get(name, name)}" if ns
                          else aliases.get(name, name)) for name in (
            "accID", "accDesc", "accTp", "amnt", "amntTp", "desc", "nr", "jrnID", "jrnTp",
            "periodNumber", "trDt", "linesCount", "totalDebit", "totalCredit", "opBalDate",
            "txCd", "glAccID", "trLine", "debitAmount", "creditAmount", "custSupID",
            "startDatePeriod", "endDatePeriod", *_CODE_TAGS)}

    def _text(self, el: Any, name: str) -> str:
        return (el.findtext(self._q[name]) or "").strip()

    # --- header and chart of accounts --------------------------------------------------------

    def _on_header(self, el: Any) -> None:
        fields = {_split(c.tag)[1]: (c.text or "").strip() for c in el}
        version = NAMESPACES[self._ns or ""] or fields.get("auditfileVersion", "")
        if not self._ns and (version.upper().startswith("CLAIR") or (
                not version and {"productID", "currencyCode"} & set(fields))):
            self._clair, version = True, CLAIR
            self._set_names(_CLAIR_NAMES)
        if self._clair:  # CLAIR keeps the company's KvK and BTW number in its header
            self.summary.company_ident = fields.get("companyID", "")[:35]
            self.summary.company_tax_id = fields.get("taxRegistrationNr", "")[:35]
        self.header = Header(
            fiscal_year=fields.get("fiscalYear", "")[:20],
            start_date=_date(fields.get("startDate"), el, required=False),
            end_date=_date(fields.get("endDate"), el, required=False),
            currency=(fields.get("curCode") or fields.get("currencyCode") or "")[:3],
            software=(fields.get("softwareDesc") or fields.get("productID") or "")[:200],
            software_version=(fields.get("softwareVersion") or fields.get("productVersion")
                              or "")[:50], xaf_version=version[:10])
        self._settle_year(self.header)
        if self.header.currency and self.header.currency.upper() != "EUR":
            self._warn(f"Valuta van de administratie is {self.header.currency}, niet EUR; "
                       "bedragen zijn overgenomen zoals ze zijn.")
        self._out.append(("header", self.header))
        _clear(el)

    def _on_companyName(self, el: Any) -> None:
        # CLAIR names its customers' companies with the same element
        if _split(getattr(el.getparent(), "tag", ""))[1] in ("company", "header", ""):
            self.summary.company_name = (el.text or "").strip()[:200]

    def _on_companyIdent(self, el: Any) -> None:
        self.summary.company_ident = (el.text or "").strip()[:35]

    def _on_Commercenr(self, el: Any) -> None:  # XAF 4.0's companyIdent
        self._on_companyIdent(el)

    def _on_taxRegIdent(self, el: Any) -> None:  # the company's, not a customer's
        if _split(getattr(el.getparent(), "tag", ""))[1] == "company":
            self.summary.company_tax_id = (el.text or "").strip()[:35]

    def _on_ledgerAccount(self, el: Any) -> None:
        self._need_header(el)
        acc_id = self._text(el, "accID")
        if not acc_id:
            raise _DataError("Grootboekrekening zonder accID", el)
        if self._accounts is None:
            self._warn(f"Grootboekrekening {acc_id} staat na de boekingen en is overgeslagen.")
            return
        codes = [self._text(el, t) for t in _CODE_TAGS[:_ONE_CODE]]
        codes += [(c.text or "").strip() for t in _CODE_TAGS[_ONE_CODE:]
                  for c in el.iter(self._q[t])]
        self._accounts[acc_id] = Account(acc_id, self._text(el, "accDesc")[:MAX_TEXT],
                                         self._account_type(self._text(el, "accTp")),
                                         [c for c in codes if c])
        _clear(el)

    def _settle_year(self, header: Header) -> None:
        """The year by the dates: an endDate one day past the year is taken back a day, and a
        fiscalYear that is neither the start's nor the end's year gives way to the start's."""
        start, end = header.start_date, header.end_date
        if start and end and end == _year_after(start):
            header.end_date = end - timedelta(days=1)
            self._warn(f"endDate {end.isoformat()} ligt een dag na het boekjaar; aangehouden: "
                       f"{header.end_date.isoformat()}.")
        label = header.fiscal_year.strip()
        declared = int(label) if len(label) == 4 and label.isdigit() else None
        if start is None:
            header.year = declared
        elif declared in (start.year, (header.end_date or start).year):
            header.year = declared
        else:
            header.year = start.year
            if label:
                self._warn(f"fiscalYear {label!r} past niet bij de datums ({start.isoformat()}"
                           f" t/m {(header.end_date or start).isoformat()}); boekjaar "
                           f"{start.year} aangehouden.")

    def _account_type(self, text: str) -> str:
        """accTp as B, P or M; free text ("Assets", "Expenses") by its meaning, else none."""
        kind = _ACCOUNT_TYPES.get(text.lower())
        if len(text) > 1:
            self._free_types.add(text[:30])
        return kind or ""

    def _on_customerSupplier(self, el: Any) -> None:
        fields = {_split(c.tag)[1]: (c.text or "").strip() for c in el}
        party_id = fields.get("custSupID", "")[:MAX_ID]
        if not party_id:
            _clear(el)
            return
        if party_id in self._party_ids:
            self._odd["dubbele klant/leverancier"] = self._odd.get(
                "dubbele klant/leverancier", 0) + 1
        else:
            self._party_ids.add(party_id)
            kind = fields.get("custSupTp") or fields.get("type") or ""
            self._parties[party_id] = Party(
                party_id, (fields.get("custSupName") or fields.get("companyName")
                           or fields.get("name") or "")[:MAX_TEXT],
                _PARTY_KINDS.get(kind.lower(), ""),
                _signed(fields.get("opBalDesc"), fields.get("opBalTp")),
                _signed(fields.get("clBalDesc"), fields.get("clBalTp")))
        _clear(el)

    def _send_parties(self) -> None:
        if self._parties:
            self.summary.parties += len(self._parties)
            self._out.append(("parties", list(self._parties.values())))
            self._parties = {}

    def _on_period(self, el: Any) -> None:
        """A period of the periods list (CLAIR's transactions have a <period> of their own)."""
        if _split(getattr(el.getparent(), "tag", ""))[1] != "periods":
            return
        number = self._text(el, "periodNumber")
        start = _date(el.findtext(self._q["startDatePeriod"]), el, required=False)
        end = _date(el.findtext(self._q["endDatePeriod"]), el, required=False)
        if number.isdigit() and start and end:
            self._periods.append((int(number), start, end))
        _clear(el)

    def _derive_period(self, day: date) -> int:
        """The period of a date: the file's period holding it, else months since the start."""
        for number, start, end in self._periods:
            if number and start <= day <= end:
                return number
        start = self.header.start_date if self.header else None
        if start is None:
            return day.month
        return max(1, (day.year - start.year) * 12 + day.month - start.month + 1)

    def _on_taxoElement(self, el: Any) -> None:
        account = (self._accounts or {}).get(self._text(el, "glAccID"))
        code = self._text(el, "txCd")
        if account is not None and code:
            account.codes.append(code)
        _clear(el)

    def _on_generalLedger(self, el: Any) -> None:
        self._send_accounts()

    def _send_accounts(self) -> None:
        if not self._accounts_sent:
            self._send_parties()  # first: the importer classifies accounts by them
            accounts = list((self._accounts or {}).values())
            self.summary.accounts = len(accounts)
            self._out.append(("accounts", accounts))
            self._accounts_sent = True
            self._accounts = None

    def _need_header(self, el: Any) -> None:
        if self.header is None:
            self._refuse(Problem("Geen <header> vóór de gegevens: dit is geen geldige auditfile.",
                                 _split(el.tag)[1], el.sourceline))

    # --- opening balance ---------------------------------------------------------------------

    def _on_obLine(self, el: Any) -> None:
        parent = el.getparent()
        if parent is not self._ob_el:
            self._need_header(el)
            self._ob_el = parent
            self._ob_date = _date(parent.findtext(self._q["opBalDate"]), parent, required=False)
            self._read_controls("openingBalance", parent)
        acc_id, cents, _desc, _party = self._line_fields(el)
        day = self._ob_date or (self.header and self.header.start_date)
        self._ob_rows.append((acc_id, "", "", "", day.isoformat() if day else None, 0,
                              "Beginbalans", cents, True))
        _clear(el)

    def _on_openingBalance(self, el: Any) -> None:
        self._send_accounts()
        rows, self._ob_rows = self._ob_rows, []
        if rows:
            total = sum(r[_AMOUNT] for r in rows)
            debit = sum(r[_AMOUNT] for r in rows if r[_AMOUNT] > 0)
            self._check_controls("openingBalance", len(rows), debit, debit - total)
            if total != 0:
                self._problem(Problem(
                    f"De beginbalans is niet in evenwicht: debet {_euro(debit)}, credit "
                    f"{_euro(debit - total)}.", "openingBalance", el.sourceline))
            self.summary.opening_lines = len(rows)
            self.summary.opening_source = "obLine"
            self.summary.accounts_in_lines.update(r[0] for r in rows)
            self._out.append(("lines", rows))
        _clear(el)

    # --- transactions ------------------------------------------------------------------------
    #
    # Why per transaction and not per line: an end event per trLine, and a Python proxy for
    # each of its children, cost more than libxml2's parse itself. A transaction's lines are
    # read in one tight loop when the transaction ends (or, for a giant one, as its lines come
    # in: ``_read_finished_lines``), each line's children fetched as (tag, text) pairs in C;
    # the regular line (an accID, an amount with two decimals, amntTp D or C) takes a fast
    # path, anything else the careful one (``_line_fields``), which warns and refuses with the
    # element and its line as before.

    def _on_transaction(self, el: Any) -> None:
        self._open_tx = None
        self._read_lines(el, el.iterchildren(self._q["trLine"]))
        self._end_open_transaction()
        _clear(el)

    def _read_finished_lines(self, tx: Any) -> None:
        """The lines of a transaction still being parsed, all but the last (perhaps unfinished)
        child, removed from the tree once read."""
        if self._ns is None or self.header is None:
            return
        line_tag = self._q["trLine"]
        done = tx[:-1]
        try:
            self._read_lines(tx, [c for c in done if c.tag == line_tag])
        except _DataError as exc:
            self._problem(exc.problem)
        for child in done:
            if child.tag == line_tag:
                tx.remove(child)

    def _read_lines(self, tx: Any, lines: Any) -> None:
        if tx is not self._tx_el:
            self._start_transaction(tx)
        q = self._q
        acc_tag, amnt_tag, type_tag, desc_tag, party_tag = (
            q["accID"], q["amnt"], q["amntTp"], q["desc"], q["custSupID"])
        clair = self._clair
        journal_id, journal_type, tx_nr, day, period = self._tx
        tx_desc, opening = self._tx_desc, self._tx_opening
        summary = self.summary
        skip = opening and summary.opening_source == "obLine"
        batch, used = self._batch, summary.accounts_in_lines
        parties = summary.line_parties
        count = debit = credit = 0
        for line in lines:
            children = line[:]
            fields = dict(zip(map(_TAG, children), map(_TEXT, children), strict=True))
            acc_id = (fields.get(acc_tag) or "").strip()
            amount, kind = fields.get(amnt_tag), fields.get(type_tag)
            if (not clair and kind in ("D", "C") and amount and _PLAIN_AMOUNT(amount)
                    and 0 < len(acc_id) <= MAX_ID):
                cents = int(amount.replace(".", ""))  # digits, a point, two digits
                if kind == "C":
                    cents = -cents
            else:
                try:
                    acc_id, cents, _desc, _party = self._line_fields(line)
                except _DataError as exc:
                    self._problem(exc.problem)
                    continue
            count += 1
            if cents >= 0:
                debit += cents
            else:
                credit -= cents
            if skip:
                continue
            desc = fields.get(desc_tag)
            party = fields.get(party_tag)
            if party:
                party = party.strip()[:MAX_ID]
                seen = parties.get(acc_id)
                if seen is None:
                    parties[acc_id] = {party: 1}
                else:
                    seen[party] = seen.get(party, 0) + 1
            batch.append((acc_id, journal_id, journal_type, tx_nr, day, period,
                          desc.strip()[:MAX_TEXT] if desc else tx_desc, cents, opening))
            used.add(acc_id)
        summary.lines += count
        summary.debit_cents += debit
        summary.credit_cents += credit
        self._tx_sum += debit - credit
        if skip:
            summary.skipped_opening_lines += count
        elif opening:
            summary.opening_lines += count
        if len(batch) >= self._batch_size:
            self._flush()

    def _start_transaction(self, tx: Any) -> None:
        self._end_open_transaction()
        journal = tx.getparent()
        if journal is not self._jrn_el:
            self._start_journal(journal)
        q = self._q
        fields = {c.tag: c.text for c in tx.iterchildren(
            q["periodNumber"], q["trDt"], q["nr"], q["desc"])}
        period_text = (fields.get(q["periodNumber"]) or "").strip()
        if period_text and not period_text.isdigit():
            raise _DataError(f"Ongeldig periodenummer {period_text[:20]!r}", tx)
        period = int(period_text) if period_text else None
        journal_id, journal_type = self._jrn
        entry_date = _date(fields.get(q["trDt"]), tx, required=True)
        if period is None or period > 999:  # none, or the year (seen in CLAIR files)
            period = self._derive_period(entry_date)
            self._odd["periode"] = self._odd.get("periode", 0) + 1
        self._tx_el = tx
        self._tx_sum = 0
        # the columns every line of this transaction shares, between account and description
        self._tx = (journal_id, journal_type, (fields.get(q["nr"]) or "").strip()[:MAX_ID],
                    entry_date.isoformat(), period)
        self._tx_opening = period == 0 and (journal_type == "O" or self._clair)
        last = self.summary.last_booking_date
        if not self._tx_opening and (last is None or entry_date > last):
            self.summary.last_booking_date = entry_date
        self._tx_desc = (fields.get(q["desc"]) or "").strip()[:MAX_TEXT]
        if self._tx_opening and self.summary.opening_source != "obLine":
            self.summary.opening_source = "journaal O"
        self._first_tx_line = self._first_tx_line or tx.sourceline

    def _start_journal(self, journal: Any) -> None:
        self._need_header(journal)
        self._send_accounts()
        if self._jrn_el is None:
            self._read_controls("transactions", journal.getparent())
        self._jrn_el = journal
        self._jrn = (self._text(journal, "jrnID")[:MAX_ID],
                     self._text(journal, "jrnTp")[:2].upper())

    def _end_open_transaction(self) -> None:
        if self._tx_el is None:
            return
        self.summary.transactions += 1
        if self._tx_sum != 0:
            self._unbalanced_count += 1
            self.summary.unbalanced_transactions += 1
            if len(self._unbalanced) < 5:
                self._unbalanced.append(f"dagboek {self._tx[0]} boeking "
                                        f"{self._tx[2]} (regel "
                                        f"{self._tx_el.sourceline}): verschil "
                                        f"{_euro(self._tx_sum)}")
        self._tx_el = None

    def _on_journal(self, el: Any) -> None:
        self._end_open_transaction()
        el.clear(keep_tail=False)

    def _line_fields(self, el: Any) -> tuple[str, int, str | None, str]:
        """(account, signed cents, description text, custSupID) of a trLine or obLine, in one
        pass over its children: only the texts we use are fetched from lxml."""
        q = self._q
        acc_tag, amnt_tag, type_tag, desc_tag = q["accID"], q["amnt"], q["amntTp"], q["desc"]
        if self._clair:
            amnt_tag, type_tag = q["debitAmount"], q["creditAmount"]
        acc_id = amount = kind = desc = None
        party_tag, party = q["custSupID"], None
        for child in el:
            tag = child.tag
            if tag == acc_tag:
                acc_id = child.text
            elif tag == amnt_tag:
                amount = child.text
            elif tag == type_tag:
                kind = child.text
            elif tag == desc_tag:
                desc = child.text
            elif tag == party_tag:
                party = child.text
        party = (party or "").strip()[:MAX_ID]
        acc_id = (acc_id or "").strip()
        if not acc_id or len(acc_id) > MAX_ID:
            raise _DataError(f"Regel zonder geldige accID (1 tot {MAX_ID} tekens)", el)
        if self._clair:
            return acc_id, self._clair_cents(el, amount, kind), desc, party
        try:
            cents = parse_cents(amount, el)
        except _DataError as exc:
            raise _DataError(str(exc), self._child(el, "amnt")) from None
        kind = (kind or "").strip().upper()
        if kind not in ("D", "C"):
            if cents == 0 and not kind:  # real exports leave it out on zero lines
                self._odd["nul zonder amntTp"] = self._odd.get("nul zonder amntTp", 0) + 1
                return acc_id, 0, desc, party
            raise _DataError(f"amntTp moet D of C zijn, niet {kind[:10]!r}",
                             self._child(el, "amntTp"))
        if cents < 0:
            self._negative += 1
        return acc_id, (cents if kind == "D" else -cents), desc, party

    def _clair_cents(self, el: Any, debit: str | None, credit: str | None) -> int:
        """A CLAIR line's debitAmount minus its creditAmount; a credit written negative (as
        real CLAIR files do) is still a credit."""
        debit, credit = (debit or "").strip(), (credit or "").strip()
        if not debit and not credit:
            raise _DataError("Regel zonder debitAmount en creditAmount", el)
        try:
            debit_cents = parse_cents(debit or "0", el)
        except _DataError as exc:
            raise _DataError(str(exc), self._child(el, "debitAmount")) from None
        try:
            credit_cents = parse_cents(credit or "0", el)
        except _DataError as exc:
            raise _DataError(str(exc), self._child(el, "creditAmount")) from None
        if credit_cents < 0:
            self._odd["negatief creditAmount"] = self._odd.get("negatief creditAmount", 0) + 1
        if debit_cents < 0:
            self._negative += 1
        return debit_cents - abs(credit_cents)

    def _child(self, el: Any, name: str) -> Any:
        """The named child, so a problem points at its own line; else the element."""
        child = el.find(self._q[name])
        return child if child is not None else el

    def _flush(self) -> None:
        if self._batch:
            self._out.append(("lines", self._batch))
            self._batch = []

    # --- control totals and the end ------------------------------------------------------------

    def _read_controls(self, where: str, el: Any) -> None:
        count = self._text(el, "linesCount")
        self.summary.controls_declared |= bool(count or self._text(el, "totalDebit"))
        self._controls[where] = (
            (count, self._text(el, "totalDebit"), self._text(el, "totalCredit")), el.sourceline)

    def _check_controls(self, where: str, lines: int, debit: int, credit: int) -> None:
        """Header control totals are unreliable in real exports: a mismatch is a warning."""
        (count, tdebit, tcredit), _line = self._controls.get(where, (("", "", ""), None))
        if count and count.isdigit() and int(count) != lines:
            if where == "transactions" and int(count) == self.summary.transactions:
                # Banana's dialect: linesCount holds the number of transactions. It is what
                # that package always writes and it matches, so it is no warning, only a note.
                self.summary.control_notes.append(
                    f"linesCount ({count}) telt de boekingen, niet de {lines} regels, zoals "
                    "Banana dat schrijft; het aantal boekingen klopt.")
            else:
                self._warn(f"{where}: linesCount in het bestand is {count}, geteld {lines}.")
                self.summary.control_mismatches.append(self.summary.warnings[-1])
        for label, declared, actual in (("totalDebit", tdebit, debit),
                                        ("totalCredit", tcredit, credit)):
            if declared and _safe_cents(declared) != actual:
                self._warn(f"{where}: {label} in het bestand is {declared}, berekend "
                           f"{_euro(actual)}.")
                self.summary.control_mismatches.append(self.summary.warnings[-1])

    def _finish(self) -> None:
        self._end_open_transaction()
        self._send_accounts()
        self._send_parties()
        self._flush()
        if self.header is None:
            self._refuse(Problem("Geen <header> gevonden: dit is geen geldige auditfile.",
                                 "auditfile", None))
        s = self.summary
        if "transactions" in self._controls:
            self._check_controls("transactions", s.lines, s.debit_cents, s.credit_cents)
        self._warn_details()
        if s.debit_cents != s.credit_cents:
            self._problems.append(Problem(
                f"De boekingen zijn niet in evenwicht: debet {_euro(s.debit_cents)}, credit "
                f"{_euro(s.credit_cents)}.", "transactions",
                self._controls.get("transactions", (None, self._first_tx_line))[1]))
        if self._problems:
            self._refuse()

    def _warn_details(self) -> None:
        s = self.summary
        if s.skipped_opening_lines:
            self._warn(f"Beginbalans staat er twee keer in (obLine en dagboek type O, periode "
                       f"0): de obLine-regels zijn gebruikt, {s.skipped_opening_lines} regels "
                       "uit het openingsdagboek niet.")
        if self._unbalanced_count:
            self._warn(f"{self._unbalanced_count} boeking(en) niet in evenwicht, o.a. "
                       + "; ".join(self._unbalanced) + ".")
        if self._negative:
            self._warn(f"{self._negative} regel(s) met een negatief bedrag; het teken is omgedraaid"
                       " volgens amntTp.")
        odd = self._odd
        if odd.get("nul zonder amntTp"):
            self._warn(f"{odd['nul zonder amntTp']} regel(s) met bedrag 0 zonder amntTp; "
                       "overgenomen als 0.")
        if odd.get("negatief creditAmount"):
            self._warn(f"{odd['negatief creditAmount']} regel(s) met een negatief creditAmount; "
                       "gelezen als credit.")
        if odd.get("periode"):
            self._warn(f"{odd['periode']} boeking(en) zonder bruikbaar periodenummer; de periode "
                       "is afgeleid uit de boekdatum.")
        if odd.get("dubbele klant/leverancier"):
            self._warn(f"{odd['dubbele klant/leverancier']} klant(en)/leverancier(s) staan er "
                       "meer dan eens in; de eerste is gebruikt.")
        if self._free_types:
            self._warn("Rekeningsoort (accTp) als vrije tekst ("
                       + ", ".join(repr(t) for t in sorted(self._free_types)[:5])
                       + "); gelezen als balans (B) of resultaat (P) waar de tekst dat zegt.")
        if self._source.fallback_bytes:
            self._warn(f"{self._source.fallback_bytes} byte(s) waren geen geldige UTF-8 en zijn "
                       "gelezen als Windows-1252.")
        s.encoding = self._source.encoding


def _split(tag: Any) -> tuple[str, str]:
    """(namespace, local name) of a tag, never failing on odd input (unlike etree.QName)."""
    tag = tag if isinstance(tag, str) else ""
    if tag.startswith("{"):
        ns, _, name = tag[1:].rpartition("}")
        return ns, name
    return "", tag


def _year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _signed(amount: str | None, kind: str | None) -> int | None:
    """A 4.0 relation balance (opBalDesc/clBalDesc with opBalTp/clBalTp), debit positive."""
    cents = _safe_cents(amount) if amount else None
    if cents is None:
        return None
    return -cents if (kind or "").strip().upper() == "C" else cents


def _safe_cents(text: str) -> int | None:
    try:
        return parse_cents(text, None)
    except (_DataError, AttributeError, TypeError):
        return None


def _syntax_problem(exc: etree.XMLSyntaxError, log: Any) -> Problem:
    """The parser's first fatal error (the exception itself may only say "no element found")."""
    fatals = [*log.filter_from_fatals(), *(exc.error_log or [])]
    fatal = fatals[0] if fatals else None
    msg = (fatal.message if fatal is not None else str(exc.msg or exc)).split(", line ")[0]
    line = (fatal.line if fatal is not None else exc.lineno) or None
    if any(k in msg for k in ("Premature end", "EndTag", "end of data", "not finished")):
        return Problem(f"Het bestand is afgebroken of beschadigd (XML-fout: {msg}).", "XML", line)
    return Problem(f"Het bestand is geen geldige XML (XML-fout: {msg}).", "XML", line)


def read_all(raw: BinaryIO) -> tuple[Header | None, list[Account], list[dict], Summary]:
    """The whole file in memory: for tests and small files only."""
    reader = XafReader(raw)
    accounts: list[Account] = []
    rows: list[dict] = []
    for kind, payload in reader.items():
        if kind == "accounts":
            accounts = payload
        elif kind == "lines":
            for row in payload:
                line = dict(zip(LINE_COLUMNS, row, strict=True))
                line["entry_date"] = _date(line["entry_date"], None, required=False)
                rows.append(line)
    return reader.header, accounts, rows, reader.summary
