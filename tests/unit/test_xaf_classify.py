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
