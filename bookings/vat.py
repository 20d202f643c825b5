"""UK VAT on places: pure Decimal functions, no database.

Prices in the worked-price table are net. When the provider is registered
for VAT, each place (one invoice line) gets VAT at the provider's rate,
rounded half-up to the penny on that line, and the invoice totals are the
sums of the lines (HMRC allows rounding per line, VAT Notice 700 section
17.5). When the provider is not registered, or the supply is exempt
education (VAT Act 1994, Schedule 9, Group 6), no VAT is charged and the
invoice says which.

A full VAT invoice (VAT Notice 700 section 16.3) needs: a unique sequential
number, the time of supply, the date of issue, the supplier's name, address
and VAT number, the customer's name and address, a description of the
supply, and for each line the quantity, unit price, rate and amount
excluding VAT; then the total excluding VAT, the total VAT and, for
discounts, the discounted amounts. ``FULL_INVOICE_FIELDS`` names them so the
tests can read each back from the PDF.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from bookings.errors import BookingError

PENNY = Decimal("0.01")
HUNDRED = Decimal("100")
ZERO = Decimal("0.00")

REGISTERED = "registered"
NOT_REGISTERED = "not_registered"
EXEMPT = "exempt"
STATUSES = (REGISTERED, NOT_REGISTERED, EXEMPT)

FULL_INVOICE_FIELDS = (
    "Invoice number",
    "Date of issue",
    "Tax point",
    "VAT number",
    "Net",
    "VAT rate",
    "VAT",
    "Gross",
    "Total excluding VAT",
    "Total VAT",
    "Total including VAT",
)


class VatError(BookingError):
    """A VAT setting that cannot be used (a rate outside 0-100, a bad status)."""


def to_pennies(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(PENNY, rounding=ROUND_HALF_UP)


def validate_rate(rate: object) -> Decimal:
    """The rate as a Decimal percentage from 0 to 100; refuse anything else."""
    try:
        value = Decimal(str(rate).strip())
    except (InvalidOperation, ValueError):
        value = Decimal("NaN")
    if not value.is_finite() or value < 0 or value > HUNDRED:
        raise VatError(
            _("The VAT rate must be a percentage from 0 to 100, not “%(rate)s”.")
            % {"rate": rate},
            field="vat_rate",
        )
    return value


def validate_status(status: str) -> str:
    if status not in STATUSES:
        raise VatError(
            _("The VAT status must be one of %(choices)s, not “%(status)s”.")
            % {"choices": ", ".join(STATUSES), "status": status},
            field="vat_status",
        )
    return status


@dataclass(frozen=True)
class VatTerms:
    """How the provider charges VAT: status and rate (the rate counts only
    when registered)."""

    status: str = NOT_REGISTERED
    rate: Decimal = Decimal("0")
    number: str = ""

    @property
    def charges_vat(self) -> bool:
        return self.status == REGISTERED

    @property
    def effective_rate(self) -> Decimal:
        return self.rate if self.charges_vat else Decimal("0")


NO_VAT = VatTerms()


def terms(*, status: str, rate: object, number: str = "") -> VatTerms:
    """Checked terms: a registered provider needs a VAT number and a valid rate."""
    status = validate_status(status)
    checked = validate_rate(rate)
    if status == REGISTERED and not number.strip():
        raise VatError(
            _("A VAT-registered provider needs its VAT number on invoices."),
            field="vat_number",
        )
    return VatTerms(status=status, rate=checked, number=number.strip())


@dataclass(frozen=True)
class VatLine:
    net: Decimal
    rate: Decimal
    vat: Decimal
    gross: Decimal


def vat_on(net: Decimal, rate: Decimal) -> Decimal:
    """VAT on one line's net amount, half-up to the penny."""
    return to_pennies(Decimal(net) * Decimal(rate) / HUNDRED)


def line(net: Decimal, vat: VatTerms = NO_VAT) -> VatLine:
    net = to_pennies(net)
    rate = vat.effective_rate
    tax = vat_on(net, rate)
    return VatLine(net=net, rate=rate, vat=tax, gross=net + tax)


@dataclass(frozen=True)
class VatSummary:
    lines: tuple[VatLine, ...]

    @property
    def net(self) -> Decimal:
        return sum((x.net for x in self.lines), ZERO)

    @property
    def vat(self) -> Decimal:
        return sum((x.vat for x in self.lines), ZERO)

    @property
    def gross(self) -> Decimal:
        return sum((x.gross for x in self.lines), ZERO)


def summarise(nets: Iterable[Decimal], vat: VatTerms = NO_VAT) -> VatSummary:
    """Lines and totals for net amounts; totals are sums of rounded lines."""
    return VatSummary(tuple(line(net, vat) for net in nets))


def split_gross(gross: Decimal, rate: Decimal) -> VatLine:
    """Net and VAT inside a gross amount (credit notes, receipts, refunds).

    VAT is the gross less the net, so the two always add up to the gross.
    """
    gross = to_pennies(gross)
    rate = Decimal(rate)
    net = to_pennies(gross * HUNDRED / (HUNDRED + rate)) if rate else gross
    return VatLine(net=net, rate=rate, vat=gross - net, gross=gross)


def statement(vat: VatTerms) -> str:
    """What the invoice says about VAT."""
    if vat.status == REGISTERED:
        return _("VAT charged at %(rate)s%% on each line. VAT number: %(number)s.") % {
            "rate": format_rate(vat.rate),
            "number": vat.number,
        }
    if vat.status == EXEMPT:
        return _(
            "No VAT charged: exempt supply of education and vocational training "
            "(VAT Act 1994, Schedule 9, Group 6)."
        )
    return _("No VAT charged: the provider is not registered for VAT.")


def format_rate(rate: Decimal) -> str:
    """20 -> '20', 17.5 -> '17.5'."""
    return f"{Decimal(rate).normalize():f}"
