"""An office's own look (Instellingen > Huisstijl): logo, main colour and disclaimer.

Used by the PDF reports (logo and colour in the header, the disclaimer in the footer), the
header of the client's portal and the e-mails (the office's name on a band of its colour).

Decisions:
- **Colour**: ``#rrggbb``. White text goes on it (PDF headings and the e-mail band), so it
  must reach a contrast ratio of at least 4.5:1 against white (WCAG 2.x AA for normal text);
  a lighter colour is refused with the darkest that would pass in the message, never changed
  behind the beheerder's back.
- **Logo**: PNG or JPEG only (no SVG: it can carry scripts), at most ``MAX_LOGO_BYTES``, and
  it must decode as what it says it is (Pillow reads the whole image, not only the magic
  bytes) and measure at most ``MAX_LOGO_SIDE`` pixels a side (no decompression bombs).
  Stored in the database (``OfficeHouseStyle.logo``), so every instance and a backup have
  it; served by ``vfo_app.logo_route`` to whom the access policy allows.
- **Disclaimer**: plain text, at most ``MAX_DISCLAIMER`` characters; escaped wherever shown.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from sqlmodel import Session

from vfo_app.domain import access, audit, clock
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import ValidationFailed
from vfo_app.domain.models import Office, OfficeHouseStyle

DEFAULT_COLOUR = "#0b63b6"  # the app's own blue (6.0:1 against white)
MIN_CONTRAST = 4.5
MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_SIDE = 2000
MAX_DISCLAIMER = 1000
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


@dataclass(frozen=True)
class HouseStyle:
    """What the reports, portal and e-mails use; the defaults when the office set nothing."""

    office_id: int
    office_name: str
    colour: str = DEFAULT_COLOUR
    disclaimer: str = ""
    logo: bytes | None = None
    logo_mime: str = ""
    logo_version: int = 0
    custom_colour: bool = False  # the office chose the colour (else the default)

    @property
    def has_logo(self) -> bool:
        return bool(self.logo)


def default(office_name: str = "", office_id: int = 0) -> HouseStyle:
    return HouseStyle(office_id=office_id, office_name=office_name)


def for_office(session: Session, office_id: int | None) -> HouseStyle:
    """The office's house style (defaults for what it did not set). Callers have checked
    that the actor may see what it is used on; it holds nothing secret."""
    office = session.get(Office, office_id) if office_id else None
    if office is None:
        return default()
    row = session.get(OfficeHouseStyle, office.id)
    if row is None:
        return default(office.name, office.id)
    return HouseStyle(office_id=office.id, office_name=office.name,
                      colour=row.colour or DEFAULT_COLOUR, disclaimer=row.disclaimer or "",
                      logo=row.logo or None, logo_mime=row.logo_mime or "",
                      logo_version=row.logo_version or 0, custom_colour=bool(row.colour))


def view(session: Session, actor: Actor) -> HouseStyle:
    """Instellingen > Huisstijl: the actor's own office's (every employee reads)."""
    return for_office(session, access.require_employee(actor))


# --- colour ------------------------------------------------------------------------------


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of ``#rrggbb`` (WCAG 2.x)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_with_white(colour: str) -> float:
    return 1.05 / (luminance(colour) + 0.05)


def normalise_colour(text: str) -> str | None:
    """``#RGB``, ``rrggbb`` or ``#RrGgBb`` as ``#rrggbb``; None when it is no colour."""
    m = _HEX.fullmatch(text.strip())
    if m is None:
        return None
    digits = m.group(1).lower()
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits


def darkened(colour: str) -> str:
    """The same hue made darker, step by step, until white text on it reads (4.5:1)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    factor = 1.0
    candidate = colour
    while contrast_with_white(candidate) < MIN_CONTRAST and factor > 0:
        factor -= 0.02
        candidate = "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))
    return candidate


def colour_problem(text: str) -> str:
    """Why this colour cannot be the main colour, in Dutch ("" when it can)."""
    colour = normalise_colour(text)
    if colour is None:
        return "Geen kleur; typ een hexcode zoals #0b63b6."
    ratio = contrast_with_white(colour)
    if ratio < MIN_CONTRAST:
        shown = f"{ratio:.1f}".replace(".", ",")
        return (f"Witte tekst is op deze kleur slecht leesbaar (contrast {shown}:1, minimaal "
                f"4,5:1 nodig). Kies een donkerdere kleur, bijvoorbeeld {darkened(colour)}.")
    return ""


# --- logo ----------------------------------------------------------------------------------


def check_logo(data: bytes) -> str:
    """The logo's MIME type after decoding it; ValidationFailed (field ``logo``) otherwise."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise ValidationFailed({"logo": "Kies een afbeelding (PNG of JPEG)."})
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationFailed({"logo": f"Het logo is te groot ({len(data) // 1024} kB); "
                                        f"maximaal {MAX_LOGO_BYTES // 1024} kB."})
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            width, height = image.size
            if kind not in LOGO_TYPES:
                raise ValidationFailed({"logo": "Alleen PNG- of JPEG-afbeeldingen zijn "
                                                "toegestaan."})
            if width > MAX_LOGO_SIDE or height > MAX_LOGO_SIDE:
                raise ValidationFailed({"logo": f"Het logo is te groot ({width} × {height} "
                                                f"pixels); maximaal {MAX_LOGO_SIDE} pixels "
                                                "per zijde."})
            image.load()  # decode every pixel: a truncated or forged file fails here
    except ValidationFailed:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationFailed({"logo": "Dit bestand is geen leesbare PNG- of "
                                        "JPEG-afbeelding."}) from None
    return LOGO_TYPES[kind]


# --- changing it -----------------------------------------------------------------------------


def _row(session: Session, office_id: int) -> OfficeHouseStyle:
    row = session.get(OfficeHouseStyle, office_id)
    return row if row is not None else OfficeHouseStyle(office_id=office_id)


def save(session: Session, actor: Actor, *, colour: str, disclaimer: str) -> HouseStyle:
    """Set the main colour ("" = the default) and the disclaimer; office beheerders only."""
    office_id = access.require_house_style_admin(actor)
    errors: dict[str, str] = {}
    chosen = ""
    if colour.strip():
        problem = colour_problem(colour)
        if problem:
            errors["colour"] = problem
        else:
            chosen = normalise_colour(colour) or ""
    text = disclaimer.strip().replace("\r\n", "\n")
    if len(text) > MAX_DISCLAIMER:
        errors["disclaimer"] = (f"De disclaimer is te lang ({len(text)} tekens); maximaal "
                                f"{MAX_DISCLAIMER}.")
    if errors:
        raise ValidationFailed(errors)
    row = _row(session, office_id)
    changes = {k: [getattr(row, k) or "", v] for k, v in (("colour", chosen), ("disclaimer", text))
               if (getattr(row, k) or "") != v}
    row.colour, row.disclaimer = chosen, text
    _touch(session, actor, row, office_id, changes)
    return for_office(session, office_id)


def set_logo(session: Session, actor: Actor, data: bytes) -> HouseStyle:
    """Replace the logo by ``data`` once it decodes as a PNG or JPEG; beheerders only."""
    office_id = access.require_house_style_admin(actor)
    mime = check_logo(data)
    row = _row(session, office_id)
    row.logo, row.logo_mime = bytes(data), mime
    row.logo_version = (row.logo_version or 0) + 1
    _touch(session, actor, row, office_id, {"logo": ["", f"{mime}, {len(data)} bytes"]})
    return for_office(session, office_id)


def remove_logo(session: Session, actor: Actor) -> HouseStyle:
    office_id = access.require_house_style_admin(actor)
    row = _row(session, office_id)
    if row.logo:
        row.logo, row.logo_mime = None, ""
        row.logo_version = (row.logo_version or 0) + 1
        _touch(session, actor, row, office_id, {"logo": ["logo", ""]})
    return for_office(session, office_id)


def _touch(session: Session, actor: Actor, row: OfficeHouseStyle, office_id: int,
           changes: dict) -> None:
    row.updated_at, row.updated_by_id = clock.now(), actor.identity_id or None
    session.add(row)
    if changes:
        audit.record(session, actor_id=actor.identity_id or None, office_id=office_id,
                     action="house_style", entity="office", entity_id=office_id,
                     changes=changes)
    session.flush()


def logo_for(session: Session, actor: Actor, office_id: int) -> tuple[bytes, str] | None:
    """The office's logo and its MIME type for whom may see it; None for anyone else and
    when there is none (the same answer: nobody learns which offices exist)."""
    if not access.may_see_office_look(session, actor, office_id):
        return None
    style = for_office(session, office_id)
    return (style.logo, style.logo_mime) if style.logo and style.logo_mime else None


def portal_brand(session: Session, actor: Actor) -> HouseStyle | None:
    """The house style a client user's portal header shows: that of the office their company
    works with (an active collaboration; the first by company name when there are several).
    None for employees (their own app has its own look) and for users without an office."""
    if actor.is_employee:
        return None
    from sqlmodel import select

    from vfo_app.domain.models import Collaboration, CollaborationState, Company, CompanyMember

    office_id = session.exec(
        select(Collaboration.office_id)
        .join(CompanyMember, CompanyMember.company_id == Collaboration.company_id)
        .join(Company, Company.id == Collaboration.company_id)
        .where(Collaboration.state == CollaborationState.ACTIVE.value,
               CompanyMember.identity_id == actor.identity_id, CompanyMember.active == True)
        .order_by(Company.name, Collaboration.id)).first()
    return for_office(session, office_id) if office_id else None
