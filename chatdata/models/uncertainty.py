"""Ranges for uncertain quantities: ``Estimate(low, central, high)``.

Every model function in :mod:`chatdata.models` takes plain floats or
:class:`Estimate` values and returns :class:`Estimate` values.  Two ways to
carry a range through a calculation are provided:

* :func:`propagate` -- interval arithmetic by corners.  Exact bounds for a
  function that is monotone (increasing *or* decreasing) in each argument.
* :func:`monte_carlo` -- random draws; returns the 5th percentile, the median
  and the 95th percentile of the output.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "Estimate",
    "as_estimate",
    "estimates_to_frame",
    "monte_carlo",
    "propagate",
]


@dataclass(frozen=True, slots=True)
class Estimate:
    """A quantity known only within a range: ``low <= central <= high``.

    Parameters
    ----------
    low, central, high : float
        Lower bound, best guess and upper bound, in the unit of the quantity.
        None may be NaN; infinities are allowed here (the model validators
        reject them where they make no sense).

    Raises
    ------
    ValueError
        If a value is NaN or the three are not in order.

    Examples
    --------
    >>> e = Estimate(1, 2, 4)
    >>> e
    Estimate(low=1.0, central=2.0, high=4.0)
    >>> low, central, high = e
    >>> Estimate.point(3).high
    3.0
    >>> Estimate(5, 2, 4)
    Traceback (most recent call last):
    ...
    ValueError: Estimate needs low <= central <= high, got low=5.0, central=2.0, high=4.0
    """

    low: float
    central: float
    high: float

    def __post_init__(self) -> None:
        values = []
        for field in ("low", "central", "high"):
            raw = getattr(self, field)
            try:
                value = float(raw)
            except (TypeError, ValueError):
                raise ValueError(f"Estimate {field} must be a number, got {raw!r}") from None
            if math.isnan(value):
                raise ValueError(f"Estimate {field} must not be NaN")
            object.__setattr__(self, field, value)
            values.append(value)
        low, central, high = values
        if not low <= central <= high:
            raise ValueError(
                "Estimate needs low <= central <= high, "
                f"got low={low!r}, central={central!r}, high={high!r}"
            )

    @classmethod
    def point(cls, x: float) -> Estimate:
        """An exact value: ``Estimate(x, x, x)``."""
        return cls(x, x, x)

    def __iter__(self) -> Iterator[float]:
        return iter((self.low, self.central, self.high))

    def to_dict(self) -> dict[str, float]:
        """``{"low": ..., "central": ..., "high": ...}`` (handy for tables and JSON)."""
        return {"low": self.low, "central": self.central, "high": self.high}

    @property
    def is_point(self) -> bool:
        """True when low == high (no uncertainty)."""
        return self.low == self.high


def as_estimate(x: float | Estimate | tuple[float, float, float]) -> Estimate:
    """Turn a float, an :class:`Estimate` or a ``(low, central, high)`` tuple into an Estimate.

    Examples
    --------
    >>> as_estimate(2)
    Estimate(low=2.0, central=2.0, high=2.0)
    >>> as_estimate((1, 2, 3)).high
    3.0
    """
    if isinstance(x, Estimate):
        return x
    if isinstance(x, tuple | list):
        if len(x) != 3:
            raise ValueError(f"expected (low, central, high), got {x!r}")
        return Estimate(*x)
    if isinstance(x, bool) or not isinstance(x, int | float | np.integer | np.floating):
        raise ValueError(f"expected a number, an Estimate or (low, central, high), got {x!r}")
    return Estimate.point(x)


def _corner_values(inputs: Mapping[str, Estimate]) -> Iterator[dict[str, float]]:
    """Every combination of low/high, skipping arguments with no range."""
    choices = [(k, (e.low, e.high) if not e.is_point else (e.central,)) for k, e in inputs.items()]
    names = [k for k, _ in choices]
    for combo in itertools.product(*(c for _, c in choices)):
        yield dict(zip(names, combo, strict=True))


def propagate(func: Callable[..., float], /, **inputs: float | Estimate) -> Estimate:
    """Carry ranges through ``func`` by evaluating it at every corner of the inputs.

    ``func`` is called with keyword arguments: once at the central values and
    once at each combination of low/high values (``2**k`` calls for ``k``
    uncertain inputs).  The result is ``Estimate(min, central, max)`` where
    min and max run over the corners *and* the central value, so the central
    value always lies inside the range.

    The bounds are exact when ``func`` is monotone in each argument separately
    (increasing or decreasing -- a decreasing argument simply has its worst
    case at its low corner).  For other functions they are only a lower bound
    on the true spread.  Inputs are treated as independent: constraints
    between them (e.g. shares summing to 1) are not enforced at the corners.

    Parameters
    ----------
    func : callable
        Takes the named inputs as keyword arguments and returns a float.
    **inputs : float, Estimate or (low, central, high)
        The arguments of ``func``.

    Returns
    -------
    Estimate

    Examples
    --------
    >>> propagate(lambda a, b: a / b, a=Estimate(2, 4, 6), b=Estimate(1, 2, 4))
    Estimate(low=0.5, central=2.0, high=6.0)
    """
    ests = {k: as_estimate(v) for k, v in inputs.items()}
    central = float(func(**{k: e.central for k, e in ests.items()}))
    values = [central]
    values.extend(float(func(**corner)) for corner in _corner_values(ests))
    if any(math.isnan(v) for v in values):
        raise ValueError(f"{getattr(func, '__name__', 'function')} returned NaN")
    _refuse_overflow(func, values, ests)
    return Estimate(min(values), central, max(values))


def _refuse_overflow(func: Callable[..., float], values, ests: Mapping[str, Estimate]) -> None:
    """Raise ValueError if finite inputs gave an infinite result (a float overflow)."""
    finite = all(math.isfinite(v) for e in ests.values() for v in e)
    if finite and not all(math.isfinite(v) for v in values):
        listed = ", ".join(f"{k}={e.central:g}" for k, e in ests.items())
        raise ValueError(
            f"{getattr(func, '__name__', 'function')} overflowed to infinity from finite "
            f"inputs ({listed}): the inputs are too large"
        )


def _draw(e: Estimate, n: int, rng: np.random.Generator, distribution: str) -> np.ndarray:
    if e.is_point:
        return np.full(n, e.central)
    if distribution == "uniform":
        return rng.uniform(e.low, e.high, size=n)
    return rng.triangular(e.low, e.central, e.high, size=n)


def monte_carlo(
    func: Callable[..., float],
    /,
    n_draws: int = 10_000,
    seed: int = 0,
    *,
    distribution: str = "uniform",
    **inputs: float | Estimate,
) -> Estimate:
    """Carry ranges through ``func`` by random sampling.

    Each :class:`Estimate` input is drawn independently, either uniformly
    between low and high (``distribution="uniform"``, the default) or from a
    triangular distribution with mode ``central`` (``"triangular"``).  Plain
    numbers stay fixed.  ``func`` is first called once with numpy arrays of
    all draws; if that fails or does not return one value per draw it is
    called once per draw.

    Returns
    -------
    Estimate
        ``Estimate(p5, median, p95)`` of the ``n_draws`` outputs -- the 5th
        percentile, the median (50th) and the 95th percentile.  Note the
        median is not in general ``func`` at the central inputs; use
        :func:`propagate` for that.  The same ``seed`` always gives the same
        result.

    Examples
    --------
    >>> r = monte_carlo(lambda a: 2 * a, n_draws=1000, seed=1, a=Estimate(0, 5, 10))
    >>> 0 < r.low < r.central < r.high < 20
    True
    >>> r == monte_carlo(lambda a: 2 * a, n_draws=1000, seed=1, a=Estimate(0, 5, 10))
    True
    """
    if distribution not in ("uniform", "triangular"):
        raise ValueError(f"distribution must be 'uniform' or 'triangular', got {distribution!r}")
    if isinstance(n_draws, bool) or not isinstance(n_draws, int | np.integer) or n_draws < 1:
        raise ValueError(f"n_draws must be a positive integer, got {n_draws!r}")
    rng = np.random.default_rng(seed)
    draws = {k: _draw(as_estimate(v), n_draws, rng, distribution) for k, v in inputs.items()}
    try:
        out = np.asarray(func(**draws), dtype=float)
    except (TypeError, ValueError):
        out = None
    if out is None or out.shape != (n_draws,):
        out = np.array(
            [func(**{k: float(d[i]) for k, d in draws.items()}) for i in range(n_draws)],
            dtype=float,
        )
    if np.isnan(out).any():
        raise ValueError(f"{getattr(func, '__name__', 'function')} returned NaN")
    if not np.isfinite(out).all():
        _refuse_overflow(func, out.tolist(), {k: as_estimate(v) for k, v in inputs.items()})
    p5, p50, p95 = np.percentile(out, [5, 50, 95])
    return Estimate(float(p5), float(p50), float(p95))


def estimates_to_frame(results: Mapping[str, Estimate], key: str = "quantity") -> pd.DataFrame:
    """A dict of Estimates as a table with columns ``key, low, central, high``.

    Examples
    --------
    >>> estimates_to_frame({"a": Estimate(1, 2, 3), "b": 4.0}).to_dict("records")[1]
    {'quantity': 'b', 'low': 4.0, 'central': 4.0, 'high': 4.0}
    """
    rows = [{key: name, **as_estimate(e).to_dict()} for name, e in results.items()]
    return pd.DataFrame(rows, columns=[key, "low", "central", "high"])
