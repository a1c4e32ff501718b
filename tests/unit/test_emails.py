"""One normal form for an account's address: what is stored is what a look-up finds."""

from vfo_app.domain import emails

TYPED = " Frans.Jansen@BSEvents.example "


def test_storing_and_looking_up_give_the_same_form():
    assert emails.validated(TYPED) == emails.normalize(TYPED) == "frans.jansen@bsevents.example"
    assert emails.normalize("FRANS.JANSEN@bsevents.EXAMPLE") == emails.validated(TYPED)


def test_an_invalid_address_is_refused_but_still_looked_up_in_the_same_case():
    assert emails.validated("frans@") is None
    assert emails.normalize(" Frans@ ") == "frans@"
    assert emails.validated("bench@example.invalid") is None  # a special-use domain
    assert emails.normalize(" Bench@Example.INVALID ") == "bench@example.invalid"


def test_a_contact_address_keeps_the_case_it_was_typed_in():
    assert emails.contact_address(TYPED) == "Frans.Jansen@bsevents.example"
    assert emails.contact_address("frans@") is None
