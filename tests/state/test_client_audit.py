"""The client's Logboek driven as events: filters from the URL, and the CSV export."""

from __future__ import annotations

from tests.state.world import NORA, SVEN
from vfo_app import routes
from vfo_app.domain import dates
from vfo_app.state.client_audit import ClientAuditState


def test_the_logboek_filters_and_exports(tab, world):
    client_id = world.noord.client_id
    nora = tab(NORA).open(routes.CLIENT_AUDIT, client_id=client_id)
    answer = nora.call(ClientAuditState.load)
    assert answer.error is None and not answer.redirects, answer
    page = nora.state(ClientAuditState)
    assert page.heading == f"Logboek - {world.noord.client_number} {world.noord.client_name}"
    assert page.total > 0 and {r.who for r in page.rows} >= {world.names[NORA]}
    # Filteren only navigates: the filters go into the URL, which the load reads
    answer = nora.call(ClientAuditState.apply_filters, form={"part": "overview_comment",
                                                            "date_from": "niet-een-datum"})
    [url] = answer.redirects
    assert url.startswith(f"/klanten/{client_id}/logboek?") and "onderdeel=overview_comment" in url
    nora.open(routes.CLIENT_AUDIT, {"onderdeel": "overview_comment", "van": "niet-een-datum"},
              client_id=client_id)
    nora.call(ClientAuditState.load)
    page = nora.state(ClientAuditState)
    assert [r.part for r in page.rows] == ["Toelichting"]
    assert page.errors == {"date_from": dates.UNREADABLE}
    assert page.values["date_from"] == "niet-een-datum"  # what was typed stays
    refused = nora.call(ClientAuditState.download_csv)
    assert not refused.downloads
    nora.open(routes.CLIENT_AUDIT, {"onderdeel": "overview_comment"}, client_id=client_id)
    answer = nora.call(ClientAuditState.download_csv)
    assert answer.downloads == [f"logboek-{world.noord.client_number}.csv"], answer


def test_another_office_gets_no_logboek(tab, world):
    sven = tab(SVEN).open(routes.CLIENT_AUDIT, client_id=world.noord.client_id)
    sven.call(ClientAuditState.load)
    assert sven.state(ClientAuditState).rows == []
    assert world.noord.client_name not in str(sven.values())
