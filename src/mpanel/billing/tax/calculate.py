"""Tax computation (pure): one or two levels of tax, compound or not, on tax-exclusive or tax-inclusive prices.

The rules:

- At most one level-1 rate and one level-2 rate apply. Level 1 applies to the taxable subtotal. A compound
  level 2 applies to the taxable subtotal plus the level-1 tax as rounded; a non-compound level 2 applies to
  the taxable subtotal. Each tax amount is rounded half-up to the currency's minor unit (``round_minor``).
- By default the taxes are computed once on the taxable subtotal. With ``per_line`` they are computed on each
  taxable line, rounded per line, and summed per rate.
- With ``prices_include_tax`` the line amounts are gross. The net is gross / ((1 + r1)(1 + r2)) when level 2
  is compound and gross / (1 + r1 + r2) when it is not, rounded; the taxes are computed from the net as above,
  and any rounding difference goes into the last tax line with a non-zero rate, so net + taxes == gross.
- Non-taxable lines are never taxed. Without rates there are no tax lines and the total is the subtotal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from mpanel.core.money import minor_units, round_minor

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class TaxRate:
    """A rate to apply: ``rate`` is a percentage (``Decimal("9.975")``); ``compound`` only matters on level 2."""

    rule_id: str
    name: str
    rate: Decimal
    level: int
    compound: bool

    def __post_init__(self) -> None:
        if self.level not in (1, 2):
            raise ValueError(f"tax level must be 1 or 2, not {self.level}")
        if not self.rate.is_finite() or self.rate < 0:
            raise ValueError(f"tax rate must be a finite percentage of at least 0, not {self.rate}")


@dataclass(frozen=True, slots=True)
class TaxLine:
    """One rate's tax: ``base`` is what the rate was applied to, ``amount`` the rounded tax."""

    rule_id: str
    name: str
    rate: Decimal
    level: int
    compound: bool
    base: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class LineIn:
    """An invoice line's amount (quantity x unit price, already rounded): net, or gross when prices include tax."""

    amount: Decimal
    taxable: bool = True


@dataclass(frozen=True, slots=True)
class TaxResult:
    """``subtotal`` is the sum of ``net_lines`` (one per input line); ``total`` = subtotal + the taxes."""

    subtotal: Decimal
    tax_lines: tuple[TaxLine, ...]
    total: Decimal
    net_lines: tuple[Decimal, ...]


@dataclass(frozen=True, slots=True)
class _Rates:
    level1: TaxRate | None
    level2: TaxRate | None

    @property
    def applied(self) -> tuple[TaxRate, ...]:
        return tuple(rate for rate in (self.level1, self.level2) if rate is not None)

    @property
    def gross_divisor(self) -> Decimal:
        """gross / divisor = net: (1 + r1)(1 + r2) when level 2 compounds, 1 + r1 + r2 when it does not."""
        r1 = self.level1.rate / _HUNDRED if self.level1 else _ZERO
        r2 = self.level2.rate / _HUNDRED if self.level2 else _ZERO
        if self.level2 is not None and self.level2.compound:
            return (1 + r1) * (1 + r2)
        return 1 + r1 + r2


@dataclass(frozen=True, slots=True)
class _Tax:
    """The bases and rounded amounts, in the order of ``_Rates.applied``."""

    bases: tuple[Decimal, ...]
    amounts: tuple[Decimal, ...]


def _zero(currency: str) -> Decimal:
    return round_minor(_ZERO, currency)


def _select(rates: Sequence[TaxRate]) -> _Rates:
    by_level: dict[int, TaxRate] = {}
    for rate in rates:
        if rate.level in by_level:
            raise ValueError(f"at most one level-{rate.level} tax rate applies, got several")
        by_level[rate.level] = rate
    return _Rates(by_level.get(1), by_level.get(2))


def _tax_on(net: Decimal, rates: _Rates, currency: str) -> _Tax:
    """Level 1 on the net; level 2 on the net plus the rounded level-1 tax when compound, else on the net."""
    bases: list[Decimal] = []
    amounts: list[Decimal] = []
    level1_tax = _zero(currency)
    if rates.level1 is not None:
        level1_tax = round_minor(net * rates.level1.rate / _HUNDRED, currency)
        bases.append(net)
        amounts.append(level1_tax)
    if rates.level2 is not None:
        base = net + level1_tax if rates.level2.compound else net
        bases.append(base)
        amounts.append(round_minor(base * rates.level2.rate / _HUNDRED, currency))
    return _Tax(tuple(bases), tuple(amounts))


def _tax_in(gross: Decimal, net: Decimal, rates: _Rates, currency: str) -> _Tax:
    """The taxes on ``net``, the rounding difference put into the last non-zero rate so net + taxes == gross."""
    tax = _tax_on(net, rates, currency)
    difference = gross - net - sum(tax.amounts, _ZERO)
    nonzero = [index for index, rate in enumerate(rates.applied) if rate.rate != 0]
    if difference == 0 or not nonzero:
        return tax
    amounts = list(tax.amounts)
    amounts[nonzero[-1]] += difference
    return _Tax(tax.bases, tuple(amounts))


def _sum_taxes(taxes: Sequence[_Tax], rates: _Rates, currency: str) -> _Tax:
    """Per-line taxes summed per rate."""
    zero = _zero(currency)
    count = len(rates.applied)
    bases = tuple(sum((tax.bases[index] for tax in taxes), zero) for index in range(count))
    amounts = tuple(sum((tax.amounts[index] for tax in taxes), zero) for index in range(count))
    return _Tax(bases, amounts)


def _split_net(gross: Sequence[Decimal], net_total: Decimal, divisor: Decimal, currency: str) -> list[Decimal]:
    """Each line's share of ``net_total``: gross / divisor rounded, then the minor units still missing (or in
    excess) given to the lines whose rounding lost (or gained) the most, earliest line first on ties."""
    exact = [amount / divisor for amount in gross]
    shares = [round_minor(value, currency) for value in exact]
    unit = Decimal(1).scaleb(-minor_units(currency))
    steps = int((net_total - sum(shares, _ZERO)) / unit)
    if steps:
        sign = 1 if steps > 0 else -1
        order = sorted(range(len(shares)), key=lambda index: (-sign * (exact[index] - shares[index]), index))
        for index in order[: abs(steps)]:
            shares[index] += sign * unit
    return shares


def _lines(rates: _Rates, tax: _Tax) -> tuple[TaxLine, ...]:
    return tuple(
        TaxLine(rate.rule_id, rate.name, rate.rate, rate.level, rate.compound, base, amount)
        for rate, base, amount in zip(rates.applied, tax.bases, tax.amounts, strict=True)
    )


def _result(net_lines: Sequence[Decimal], tax_lines: tuple[TaxLine, ...], currency: str) -> TaxResult:
    zero = _zero(currency)
    subtotal = sum(net_lines, zero)
    total = subtotal + sum((line.amount for line in tax_lines), zero)
    return TaxResult(subtotal, tax_lines, total, tuple(net_lines))


def _exclusive(lines: Sequence[LineIn], rates: _Rates, currency: str, *, per_line: bool) -> tuple[list[Decimal], _Tax]:
    """Net prices: the lines stay as they are; the taxes are on the taxable subtotal, or on each taxable line."""
    net_lines = [line.amount for line in lines]
    taxable = [line.amount for line in lines if line.taxable]
    if per_line:
        return net_lines, _sum_taxes([_tax_on(amount, rates, currency) for amount in taxable], rates, currency)
    return net_lines, _tax_on(sum(taxable, _zero(currency)), rates, currency)


def _inclusive(lines: Sequence[LineIn], rates: _Rates, currency: str, *, per_line: bool) -> tuple[list[Decimal], _Tax]:
    """Gross prices: each taxable line (``per_line``) or the taxable gross subtotal splits into net + taxes."""
    divisor = rates.gross_divisor
    net_lines = [line.amount for line in lines]
    taxable = [index for index, line in enumerate(lines) if line.taxable]
    gross = [lines[index].amount for index in taxable]
    if per_line:
        nets = [round_minor(amount / divisor, currency) for amount in gross]
        tax = _sum_taxes([_tax_in(g, n, rates, currency) for g, n in zip(gross, nets, strict=True)], rates, currency)
    else:
        gross_subtotal = sum(gross, _zero(currency))
        net = round_minor(gross_subtotal / divisor, currency)
        nets = _split_net(gross, net, divisor, currency)
        tax = _tax_in(gross_subtotal, net, rates, currency)
    for index, net_line in zip(taxable, nets, strict=True):
        net_lines[index] = net_line
    return net_lines, tax


def compute_taxes(
    lines: Sequence[LineIn],
    rates: Sequence[TaxRate],
    *,
    currency: str,
    per_line: bool = False,
    prices_include_tax: bool = False,
) -> TaxResult:
    """Apply at most one level-1 and one level-2 rate to the taxable lines (see the module's rules).

    Without ``prices_include_tax`` the net lines are the input amounts. With it, taxable lines are split into
    net + taxes that add up to the gross exactly: per line with ``per_line``, otherwise on the taxable gross
    subtotal, whose net is then shared among the taxable lines so that the net lines add up to it.
    Every given rate yields a tax line, even when its amount is zero. More than one rate per level: ValueError.
    """
    selected = _select(rates)
    if not selected.applied:
        return _result([line.amount for line in lines], (), currency)
    compute = _inclusive if prices_include_tax else _exclusive
    net_lines, tax = compute(lines, selected, currency, per_line=per_line)
    return _result(net_lines, _lines(selected, tax), currency)
