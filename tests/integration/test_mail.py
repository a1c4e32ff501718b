"""E-mail: the seed's text, SMTP against a real server, the outbox without SMTP, retries."""

from __future__ import annotations

import ssl
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlparse

import pytest
import trustme
from sqlmodel import select

from tests.integration.test_online_users import sophie, world  # noqa: F401 - fixture
from tests.mail_catcher import MailCatcher, parts
from vfo_app.domain import mail, tokens
from vfo_app.domain.models import OutboxMessage
from vfo_app.domain.online import activation, users
from vfo_app.settings import Settings

SEED_LINES = [
    "Beste Sophie!",
    "Om je account te activeren of je wachtwoord te wijzigen doe je het volgende:",
    "1. Klik op de activatielink hieronder of kopieer en plak deze in je browser.",
    "Er wordt een nieuw venster geopend.",
    "2. In het vak Wachtwoord voer je het wachtwoord in dat je wilt gebruiken.",
    "3. Als je een nieuwe gebruiker bent, moet je eerst de Gebruikersvoorwaarden van de "
    "websites van Visma eAccounting lezen en accepteren.",
    "Activatielink:",
    "Let op: Deze link is 15 minuten geldig.",
    "Met vriendelijke groet,\nhet Visma eAccounting-team.",
    "Telefoon: 020-2626926",
]


@pytest.fixture
def catcher():
    server = MailCatcher().start()
    yield server
    server.stop()


def _smtp(tmp_path, port: int) -> Settings:
    return Settings(data_dir=tmp_path, secret_key="test", smtp_host="127.0.0.1",
                    smtp_port=port, smtp_starttls=False, mail_from="Visma <noreply@test.example>")


def test_render_has_the_seed_text_in_both_parts():
    message = mail.render("activation", {"first_name": "Sophie",
                                         "link": "http://x.example/activeren?token=a&b"})
    for line in SEED_LINES:
        assert line in message.text
    assert "http://x.example/activeren?token=a&b" in message.text
    assert '<a href="http://x.example/activeren?token=a&amp;b"' in message.html
    assert "Klik hier" in message.html and "Let op: Deze link is 15 minuten geldig." in message.html
    assert "<Sophie" not in mail.render("activation", {"first_name": "<Sophie>",
                                                       "link": "x"}).html


def test_the_mail_states_the_lifetime_the_link_has(db, world, fake_clock, monkeypatch):  # noqa: F811
    monkeypatch.setattr(tokens, "VALID_MINUTES", 30)
    fake_clock.set(datetime(2026, 3, 2, 14, 45, tzinfo=UTC))
    users.create_user(db, world.advisor, company_id=world.company_id, data=sophie())
    row = db.exec(select(OutboxMessage)).one()
    for body in (row.text_body, row.html_body):
        assert "Deze link is 30 minuten geldig." in body and "15 minuten" not in body
    token = parse_qs(row.text_body.split("/activeren?", 1)[1].split()[0])["token"][0]
    fake_clock.advance(minutes=29)
    assert activation.view_link(db, token).email == "sophie.mulder@bsevents.nl"
    fake_clock.advance(minutes=2)
    with pytest.raises(activation.InvalidLink):
        activation.view_link(db, token)


def test_smtp_delivers_both_parts_with_a_working_link(db, world, catcher, tmp_path):  # noqa: F811
    users.create_user(db, world.advisor, company_id=world.company_id, data=sophie())
    db.commit()
    assert mail.deliver_pending(db, settings=_smtp(tmp_path, catcher.port)) == 1
    [message] = catcher.to("sophie.mulder@bsevents.nl")
    text, html = parts(message)
    assert message["Subject"] == "Activeer je account voor Visma Online"
    assert "Beste Sophie!" in text and "Klik hier" in html
    link = next(w for w in text.split() if "/activeren?token=" in w)
    assert link.startswith("http://localhost:3000/activeren?token=")
    view = activation.view_link(db, parse_qs(urlparse(link).query)["token"][0])
    assert view.email == "sophie.mulder@bsevents.nl"
    row = db.exec(select(OutboxMessage)).one()
    assert (row.transport, row.attempts, row.last_error) == ("smtp", 1, "")


def test_without_smtp_the_message_stays_in_the_outbox(db, world, tmp_path):  # noqa: F811
    users.create_user(db, world.advisor, company_id=world.company_id, data=sophie())
    db.commit()
    assert mail.deliver_pending(db, settings=Settings(data_dir=tmp_path, secret_key="t")) == 1
    [row] = mail.mailbox(db, world.advisor)
    assert (row.to_email, row.transport) == ("sophie.mulder@bsevents.nl", "mailbox")
    assert row.sent_at is not None and "Beste Sophie!" in row.text_body


def test_failed_delivery_is_visible_and_retried(db, world, catcher, tmp_path, fake_clock):  # noqa: F811
    fake_clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    users.create_user(db, world.advisor, company_id=world.company_id, data=sophie())
    db.commit()
    down = _smtp(tmp_path, catcher.port)
    catcher.stop()  # the server is down
    assert mail.deliver_pending(db, settings=down) == 0
    [row] = mail.mailbox(db, world.advisor)
    assert row.sent_at is None and row.attempts == 1 and row.last_error
    [listed] = [r for r in users.list_users(db, world.advisor, company_id=world.company_id)
                if r.email == "sophie.mulder@bsevents.nl"]
    assert listed.mail_problem.startswith("E-mail niet verzonden: ")
    assert mail.deliver_pending(db, settings=down) == 0  # not due yet: no hammering
    assert db.get(OutboxMessage, row.id).attempts == 1

    catcher.start()
    fake_clock.advance(minutes=2)
    assert mail.deliver_pending(db, settings=_smtp(tmp_path, catcher.port)) == 1
    assert len(catcher.to("sophie.mulder@bsevents.nl")) == 1
    row = db.get(OutboxMessage, row.id, populate_existing=True)
    assert (row.attempts, row.last_error, row.transport) == (2, "", "smtp")
    [listed] = [r for r in users.list_users(db, world.advisor, company_id=world.company_id)
                if r.email == "sophie.mulder@bsevents.nl"]
    assert listed.mail_problem == ""


def test_a_claimed_message_is_not_sent_twice(db, world, catcher, tmp_path):  # noqa: F811
    users.create_user(db, world.advisor, company_id=world.company_id, data=sophie())
    db.commit()
    row = db.exec(select(OutboxMessage)).one()
    assert mail._claim(db, row.id)
    assert not mail._claim(db, row.id)  # a second worker finds it taken
    assert mail.deliver_pending(db, settings=_smtp(tmp_path, catcher.port)) == 0


# --- TLS ------------------------------------------------------------------------------------
# A throwaway CA (trustme) signs the server's certificate for 127.0.0.1. The sender trusts it
# only through VFO_SMTP_CA_FILE; another CA's certificate must end the conversation before
# any login, and the message must stay queued with its error.


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


def _tls_server(ca, *, implicit: bool) -> MailCatcher:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    return MailCatcher(context, implicit=implicit).start()


def _tls_settings(tmp_path, port: int, ca_file: str, *, implicit: bool) -> Settings:
    return Settings(data_dir=tmp_path, secret_key="test", smtp_host="127.0.0.1",
                    smtp_port=port, smtp_starttls=not implicit, smtp_ssl=implicit,
                    smtp_ca_file=ca_file, mail_from="Visma <noreply@test.example>")


@pytest.mark.parametrize("implicit", [False, True], ids=["starttls", "implicit-tls"])
def test_tls_with_a_trusted_certificate_delivers(db, world, ca, tmp_path, implicit):  # noqa: F811
    server = _tls_server(ca, implicit=implicit)
    try:
        ca_file = tmp_path / "ca.pem"
        ca.cert_pem.write_to_path(str(ca_file))
        users.create_user(db, world.advisor, company_id=world.company_id, data=sophie())
        db.commit()
        settings = _tls_settings(tmp_path, server.port, str(ca_file), implicit=implicit)
        assert mail.deliver_pending(db, settings=settings) == 1
        assert len(server.to("sophie.mulder@bsevents.nl")) == 1
    finally:
        server.stop()


@pytest.mark.parametrize("implicit", [False, True], ids=["starttls", "implicit-tls"])
def test_tls_with_an_untrusted_certificate_is_refused(db, world, ca, tmp_path, implicit):  # noqa: F811
    server = _tls_server(ca, implicit=implicit)
    try:
        stranger_ca = tmp_path / "other-ca.pem"  # the sender trusts another CA only
        trustme.CA().cert_pem.write_to_path(str(stranger_ca))
        users.create_user(db, world.advisor, company_id=world.company_id, data=sophie())
        db.commit()
        settings = _tls_settings(tmp_path, server.port, str(stranger_ca), implicit=implicit)
        assert mail.deliver_pending(db, settings=settings) == 0
        assert server.messages == []
        row = db.exec(select(OutboxMessage)).one()
        assert row.sent_at is None and "CERTIFICATE_VERIFY_FAILED" in row.last_error
    finally:
        server.stop()


def test_implicit_tls_defaults_to_port_465(tmp_path):
    assert Settings(data_dir=tmp_path, secret_key="t", smtp_ssl=True).smtp_port == 465
    assert Settings(data_dir=tmp_path, secret_key="t", smtp_ssl=True, smtp_port=2465
                    ).smtp_port == 2465
