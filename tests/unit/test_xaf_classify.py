"""Classification of ledger accounts: RGS from the file, prefix walk, accTp, number default."""

from vfo_app.domain.xaf.classify import (
    CATEGORIES,
    NUMBER_DEFAULTS,
    RGS_CATEGORY,
    classify,
    nearest_rgs,
    rgs_codes,
)


def test_rgs_37_is_loaded_once_with_all_codes():
    assert len(rgs_codes()) == 4963
    assert rgs_codes() is rgs_codes()
    assert "BLimBanRba" in rgs_codes()


def test_every_mapped_category_exists_on_the_right_side():
    for prefix, category in RGS_CATEGORY.items():
        side = "B" if prefix[0] == "B" else "P"
        assert CATEGORIES[category].section == side, prefix
    assert set(NUMBER_DEFAULTS.values()) <= set(CATEGORIES)


def test_rgs_code_from_the_file_wins_over_acctp_and_number():
    c = classify("8000", "P", ["BLimBanRba"])
    assert (c.section, c.category, c.source, c.rgs_code) == ("B", "liquide_middelen", "rgs",
                                                             "BLimBanRba")


def test_unknown_rgs_code_walks_up_to_the_nearest_known_ancestor():
    assert nearest_rgs("BVorDebHadXyzQrs") == "BVorDebHad"
    c = classify("1300", "", ["nvt", "BVorDebXyz"])
    assert (c.category, c.rgs_code, c.rgs_code_file) == ("debiteuren", "BVorDeb", "BVorDebXyz")
    assert classify("2000", "", ["BSchCreXyz"]).category == "crediteuren"


def test_free_text_lead_codes_are_not_taken_for_rgs():
    c = classify("0100", "B", ["1", "1A", "nvt"])
    assert (c.source, c.category) == ("acctp", "vaste_activa")


def test_acctp_gives_the_side_when_the_number_disagrees():
    assert (classify("4000", "B").section, classify("4000", "B").category) == (
        "B", "overige_balansposten")
    assert classify("0999", "P").category == "overige_bedrijfskosten"


def test_number_defaults_follow_the_dutch_decimal_scheme():
    expect = {"0100": "vaste_activa", "0500": "eigen_vermogen", "1000": "liquide_middelen",
              "1300": "debiteuren", "1600": "crediteuren", "3000": "voorraden",
              "4000": "personeelskosten", "4500": "overige_bedrijfskosten",
              "4800": "afschrijvingen", "7000": "kostprijs", "8000": "omzet",
              "9000": "financiele_baten_lasten", "8": "omzet"}
    for account, category in expect.items():
        c = classify(account)
        assert (c.category, c.source) == (category, "nummer"), account


def test_no_clue_at_all_is_a_balance_item_by_default():
    c = classify("KAS", "")
    assert (c.section, c.category, c.source) == ("B", "overige_balansposten", "standaard")


def test_the_accountants_correction_wins():
    c = classify("8000", "P", ["WOmzNop"], correction="overige_opbrengsten")
    assert (c.category, c.source) == ("overige_opbrengsten", "correctie")


# --- the evidence an accountant would sign (issue 12) ----------------------------------------


def test_the_accounts_the_issue_names_by_their_description():
    # (account, accTp, description) -> category; e-Boekhouden and Banana names
    expect = {
        ("1100", "B", "Debiteuren"): "debiteuren",
        ("4335", "P", "Afschr. Inventarissen"): "afschrijvingen",
        ("4335", "", "Afschr. Inventarissen"): "afschrijvingen",
        ("4820", "P", "verzekeringen"): "overige_bedrijfskosten",
        ("4820", "", "verzekeringen"): "overige_bedrijfskosten",
        ("8410", "P", "Rentebaten"): "financiele_baten_lasten",
        ("8410", "", "Rentebaten"): "financiele_baten_lasten",
        ("1700", "B", "Crediteuren"): "crediteuren",
        ("1700", "", "Crediteuren"): "crediteuren",
    }
    for (account, kind, description), category in expect.items():
        c = classify(account, kind, [], description=description)
        assert (c.category, c.source) == (category, "omschrijving"), (account, description)
        assert not c.to_confirm
    assert classify("1100", "B", description="Debiteuren").basis == "omschrijving 'Debiteuren'"


def test_descriptions_are_whole_words_with_dutch_variants():
    cases = {
        ("1000", "B", "Kas"): "liquide_middelen",
        ("4765", "P", "Kasverschillen"): "overige_bedrijfskosten",  # not "Kas"
        ("1010", "B", "Rekening ING"): "liquide_middelen",
        ("2000", "B", "Kruisposten"): "liquide_middelen",
        ("2300", "B", "Vraagposten"): "kortlopende_schulden",
        ("1520", "B", "Voorbelasting"): "vorderingen",
        ("1500", "B", "BTW overeenkomstig het BTW overzicht"): "kortlopende_schulden",
        ("1700", "B", "Loonheffingen"): "kortlopende_schulden",
        ("0505", "B", "Privé stortingen"): "eigen_vermogen",
        ("0510", "B", "Prive opnamen"): "eigen_vermogen",
        ("0500", "B", "Aandelenkapitaal"): "eigen_vermogen",
        ("0400", "B", "Leningen o/g"): "langlopende_schulden",
        ("0300", "B", "Leningen u/g"): "vaste_activa",
        ("1120", "B", "Voorziening dubieuze debiteuren"): "debiteuren",
        ("3100", "B", "Voorziening incourant"): "voorraden",
        ("0105", "B", "Afschrijving goodwill"): "vaste_activa",  # cumulated, on the balance
        ("4400", "P", "Afschrijvingskosten goodwill"): "afschrijvingen",
        ("8000", "P", "Kostprijs verkopen"): "kostprijs",
        ("8100", "P", "Opbrengst verkopen"): "omzet",
        ("8210", "P", "Rentelasten"): "financiele_baten_lasten",
        ("1830", "B", "Te betalen intrest"): "kortlopende_schulden",
        ("1305", "B", "Te vorderen intrest"): "vorderingen",
        ("1400", "B", "Transitoria passief"): "kortlopende_schulden",
        ("4000", "P", "Bruto lonen"): "personeelskosten",
        ("4810", "P", "Relatiegeschenken"): "overige_bedrijfskosten",
        ("1600", "B", "Rekening-courant directeur"): "kortlopende_schulden",
    }
    for (account, kind, description), category in cases.items():
        assert classify(account, kind, description=description).category == category, description


def test_a_description_on_the_other_side_of_acctp_does_not_decide():
    c = classify("4630", "P", description="Privé gebruik auto's")  # Privé is equity on B only
    assert (c.category, c.source, c.basis) == ("overige_bedrijfskosten", "acctp",
                                               "rekeningsoort winst-en-verlies, rekeningnummer")
    assert c.to_confirm


def test_customer_and_supplier_accounts():
    c = classify("11000", "B", ["1", "DEB"], description="Vermeulen BV", party=("klant", "11000"))
    assert (c.section, c.category, c.source, c.basis) == ("B", "debiteuren", "relatie",
                                                         "klant 11000")
    c = classify("21000", "B", description="Van Bekkum", party=("leverancier", "21000"))
    assert (c.category, c.basis) == ("crediteuren", "leverancier 21000")
    assert classify("21000", "B", party=("beide", "21000")).source == "acctp"


def test_the_evidence_order():
    kw = {"description": "Kas", "party": ("klant", "1000"), "party_on_lines": ("klant", "9")}
    # correction > RGS > customer/supplier id > description > lines > accTp > number
    assert classify("1000", "B", ["BSchCreHac"], "omzet", corrected_by="Anna de Vries",
                    **kw).basis == "correctie door Anna de Vries"
    assert classify("1000", "B", ["BSchCreHac"], **kw).basis == "RGS-code BSchCreHac"
    assert classify("1000", "B", [], **kw).category == "debiteuren"
    assert classify("1000", "B", [], description="Kas",
                    party_on_lines=("leverancier", "9")).category == "liquide_middelen"
    c = classify("1900", "B", [], description="Diversen", party_on_lines=("leverancier", "21"))
    assert (c.category, c.source, c.basis) == ("crediteuren", "regels",
                                               "boekingen met leverancier 21")
    assert classify("1900", "B", [], description="Diversen").source == "acctp"
    c = classify("1900", "", [], description="Diversen")
    assert (c.source, c.basis, c.to_confirm) == ("nummer", "rekeningnummer", True)
    # lines with a customer's id never make a revenue account a debtor
    assert classify("8000", "P", party_on_lines=("klant", "9")).category == "omzet"
