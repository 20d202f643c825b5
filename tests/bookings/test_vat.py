"""UK VAT as pure Decimal functions, and the worked-price table with VAT on and off."""

from decimal import Decimal

import pytest

from bookings import vat
from bookings.pricing import NON_MEMBER, MemberTerms, add_vat, price_places

SIX = Decimal("750.00")
THREE = Decimal("450.00")
STANDARD = MemberTerms("Standard", Decimal("33"), 0)
STANDARD_COUNCIL = MemberTerms("Standard", Decimal("33"), 1)
ADVANCED_COUNCIL = MemberTerms("Advanced", Decimal("33"), 2)
REGISTERED = vat.VatTerms(vat.REGISTERED, Decimal("20"), "GB123456789")
EXEMPT = vat.VatTerms(vat.EXEMPT, Decimal("20"))

# who, terms, list price, places, net total, VAT at 20% when registered
TABLE = [
    ("non-member charity", NON_MEMBER, SIX, 1, "750.00", "150.00"),
    ("non-member charity", NON_MEMBER, THREE, 1, "450.00", "90.00"),
    ("Standard member charity", STANDARD, SIX, 1, "502.50", "100.50"),
    ("Standard member charity", STANDARD, THREE, 2, "603.00", "120.60"),
    ("Advanced member council", ADVANCED_COUNCIL, SIX, 1, "0.00", "0.00"),
    ("Advanced member council", ADVANCED_COUNCIL, SIX, 3, "502.50", "100.50"),
    ("Standard member council", STANDARD_COUNCIL, SIX, 2, "502.50", "100.50"),
]


@pytest.mark.parametrize("vat_on", [False, True], ids=["no VAT", "VAT 20%"])
@pytest.mark.parametrize(("who", "terms", "list_price", "places", "net", "tax"), TABLE)
def test_worked_price_table_holds_as_net_amounts(
    vat_on, who, terms, list_price, places, net, tax
):
    breakdown = add_vat(
        price_places(list_price=list_price, count=places, terms=terms),
        REGISTERED if vat_on else vat.NO_VAT,
    )
    expected_vat = Decimal(tax) if vat_on else Decimal("0.00")
    assert breakdown.total == Decimal(net), who
    assert breakdown.vat_total == expected_vat, who
    assert breakdown.amount_due == Decimal(net) + expected_vat, who


def test_vat_is_rounded_half_up_on_each_line_before_adding():
    # 20% of 6.73 is 1.346 -> 1.35 per line; on the total 13.46 it would be 2.69.
    terms = MemberTerms("Standard", Decimal("33"), 0)
    breakdown = add_vat(
        price_places(list_price=Decimal("10.05"), count=2, terms=terms), REGISTERED
    )
    assert [p.vat for p in breakdown.places] == [Decimal("1.35"), Decimal("1.35")]
    assert breakdown.vat_total == Decimal("2.70")


def test_exempt_supply_charges_no_vat_and_says_why():
    breakdown = add_vat(price_places(list_price=SIX, count=1), EXEMPT)
    assert breakdown.amount_due == SIX
    assert "exempt" in vat.statement(EXEMPT)
    assert "Schedule 9, Group 6" in vat.statement(EXEMPT)


def test_not_registered_says_so():
    assert "not registered for VAT" in vat.statement(vat.NO_VAT)


def test_registered_statement_names_rate_and_number():
    assert vat.statement(REGISTERED) == (
        "VAT charged at 20% on each line. VAT number: GB123456789."
    )


@pytest.mark.parametrize("rate", ["-1", "150", "100.01", "abc", "NaN", "Infinity"])
def test_rates_outside_0_to_100_are_refused_with_a_clear_message(rate):
    with pytest.raises(vat.VatError) as error:
        vat.validate_rate(rate)
    assert "from 0 to 100" in error.value.message


@pytest.mark.parametrize("rate", ["0", "5", "17.5", "20", "100"])
def test_rates_from_0_to_100_are_accepted(rate):
    assert vat.validate_rate(rate) == Decimal(rate)


def test_registered_provider_needs_a_vat_number():
    with pytest.raises(vat.VatError):
        vat.terms(status=vat.REGISTERED, rate="20", number="")


def test_unknown_status_is_refused():
    with pytest.raises(vat.VatError):
        vat.terms(status="sometimes", rate="20")


def test_split_gross_always_adds_up():
    line = vat.split_gross(Decimal("603.00"), Decimal("20"))
    assert (line.net, line.vat, line.gross) == (
        Decimal("502.50"),
        Decimal("100.50"),
        Decimal("603.00"),
    )


def test_breakdown_with_vat_survives_json():
    from bookings.pricing import PriceBreakdown

    breakdown = add_vat(price_places(list_price=THREE, count=2), REGISTERED)
    assert PriceBreakdown.from_json(breakdown.as_json()) == breakdown


@pytest.mark.parametrize("rate", ["-1", "150"])
def test_system_check_fails_for_a_bad_vat_rate(settings, rate):
    from bookings.checks import check_vat_settings

    settings.VAT_STATUS, settings.VAT_RATE = "registered", rate
    settings.PROVIDER_VAT_NUMBER = "GB123456789"
    (error,) = check_vat_settings()
    assert error.id == "bookings.E001"
    assert "from 0 to 100" in error.msg


def test_system_check_passes_for_the_defaults():
    from bookings.checks import check_vat_settings

    assert check_vat_settings() == []
