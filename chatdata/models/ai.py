"""Chapter 5: what AI features touch at 600 million chats a day.

The spam functions show the base-rate effect: when spam is rare, even an
accurate filter wrongly flags a large number of legitimate chats each day.
"""

from __future__ import annotations

from chatdata.models.uncertainty import Estimate, propagate
from chatdata.models.validation import check_count, check_positive, check_share

__all__ = ["chatbot_reach", "spam_outcomes", "spam_outcomes_from_rates", "translation_reach"]


def spam_outcomes(
    chats_per_day: float | Estimate,
    prevalence: float | Estimate,
    precision: float | Estimate,
    recall: float | Estimate,
) -> dict[str, Estimate]:
    """Daily outcomes of a spam filter described by precision and recall.

    Parameters
    ----------
    chats_per_day : float or Estimate
        Chats/day screened.
    prevalence : float or Estimate
        Share of chats that are spam.
    precision : float or Estimate
        Share of flagged chats that really are spam; must be > 0.
    recall : float or Estimate
        Share of spam chats that get flagged.

    Returns
    -------
    dict of str to Estimate, all in chats/day
        ``spam_chats``, ``legitimate_chats``, ``flagged``, ``true_positives``
        (spam flagged), ``false_positives`` (legitimate chats wrongly flagged:
        these fall as precision rises) and ``false_negatives`` (spam missed).

    Raises
    ------
    ValueError
        For bad inputs, zero precision, or central values implying more false
        positives than there are legitimate chats.

    Examples
    --------
    >>> out = spam_outcomes(600e6, prevalence=0.01, precision=0.95, recall=0.9)
    >>> {k: round(v.central) for k, v in out.items()}  # doctest: +NORMALIZE_WHITESPACE
    {'spam_chats': 6000000, 'legitimate_chats': 594000000, 'flagged': 5684211,
     'true_positives': 5400000, 'false_positives': 284211, 'false_negatives': 600000}
    """
    c = check_count("chats_per_day", chats_per_day)
    p = check_share("prevalence", prevalence)
    q = check_share("precision", check_positive("precision", precision))
    r = check_share("recall", recall)
    out = {
        "spam_chats": propagate(lambda c, p: c * p, c=c, p=p),
        "legitimate_chats": propagate(lambda c, p: c * (1 - p), c=c, p=p),
        "flagged": propagate(lambda c, p, q, r: c * p * r / q, c=c, p=p, q=q, r=r),
        "true_positives": propagate(lambda c, p, r: c * p * r, c=c, p=p, r=r),
        "false_positives": propagate(
            lambda c, p, q, r: c * p * r * (1 - q) / q, c=c, p=p, q=q, r=r
        ),
        "false_negatives": propagate(lambda c, p, r: c * p * (1 - r), c=c, p=p, r=r),
    }
    if out["false_positives"].central > out["legitimate_chats"].central * (1 + 1e-12):
        raise ValueError(
            "precision is too low for this prevalence and recall: it implies "
            f"{out['false_positives'].central:.4g} false positives/day but only "
            f"{out['legitimate_chats'].central:.4g} legitimate chats/day"
        )
    return out


def spam_outcomes_from_rates(
    chats_per_day: float | Estimate,
    prevalence: float | Estimate,
    sensitivity: float | Estimate,
    specificity: float | Estimate,
) -> dict[str, Estimate]:
    """Daily outcomes of a spam filter described by sensitivity and specificity.

    ``sensitivity`` is the share of spam flagged (= recall); ``specificity``
    the share of legitimate chats left alone.

    Returns
    -------
    dict of str to Estimate
        The keys of :func:`spam_outcomes` (chats/day) plus ``precision``, the
        share of flagged chats that are spam (taken as 1 when nothing is flagged).

    Examples
    --------
    >>> out = spam_outcomes_from_rates(600e6, 0.01, sensitivity=0.9, specificity=0.99)
    >>> round(out["false_positives"].central), round(out["precision"].central, 3)
    (5940000, 0.476)
    """
    c = check_count("chats_per_day", chats_per_day)
    p = check_share("prevalence", prevalence)
    se = check_share("sensitivity", sensitivity)
    sp = check_share("specificity", specificity)

    def precision(p, se, sp):
        tp, fp = p * se, (1 - p) * (1 - sp)
        return tp / (tp + fp) if tp + fp > 0 else 1.0

    return {
        "spam_chats": propagate(lambda c, p: c * p, c=c, p=p),
        "legitimate_chats": propagate(lambda c, p: c * (1 - p), c=c, p=p),
        "flagged": propagate(
            lambda c, p, se, sp: c * (p * se + (1 - p) * (1 - sp)), c=c, p=p, se=se, sp=sp
        ),
        "true_positives": propagate(lambda c, p, se: c * p * se, c=c, p=p, se=se),
        "false_positives": propagate(lambda c, p, sp: c * (1 - p) * (1 - sp), c=c, p=p, sp=sp),
        "false_negatives": propagate(lambda c, p, se: c * p * (1 - se), c=c, p=p, se=se),
        "precision": propagate(precision, p=p, se=se, sp=sp),
    }


def translation_reach(
    chats_per_day: float | Estimate, cross_language_share: float | Estimate
) -> Estimate:
    """Chats/day between people writing in different languages (candidates for translation).

    Examples
    --------
    >>> translation_reach(600e6, 0.05).central
    30000000.0
    """
    c = check_count("chats_per_day", chats_per_day)
    s = check_share("cross_language_share", cross_language_share)
    return propagate(lambda c, s: c * s, c=c, s=s)


def chatbot_reach(chats_per_day: float | Estimate, automated_share: float | Estimate) -> Estimate:
    """Chats/day handled by chatbots.

    Examples
    --------
    >>> chatbot_reach(Estimate(600e6, 600e6, 800e6), 0.3).high
    240000000.0
    """
    c = check_count("chats_per_day", chats_per_day)
    s = check_share("automated_share", automated_share)
    return propagate(lambda c, s: c * s, c=c, s=s)
