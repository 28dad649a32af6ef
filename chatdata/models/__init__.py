"""Pure models behind the explainer: floats or Estimates in, Estimates out.

No drawing and no widgets here; only numpy, pandas and the standard library
(the facts dataset is read lazily by :func:`chatdata.models.facts.select_facts`).
Bad input raises ``ValueError`` naming the parameter; the checks that say so live in
:mod:`chatdata.models.validation`.

Examples
--------
>>> from chatdata.models import compute_rates, create_scale, Estimate
>>> r = compute_rates(create_scale(chats_per_day=Estimate(600e6, 600e6, 700e6)))
>>> round(r["chats_per_second_mean"].high)
8102
"""

from chatdata.models.ai import (
    chatbot_reach,
    spam_outcomes,
    spam_outcomes_from_rates,
    translation_reach,
)
from chatdata.models.business import (
    DAYS_PER_YEAR,
    REFERENCE_RUN_RATE_IDS,
    Business,
    compute_agent_hours,
    compute_agents_on_shift,
    compute_message_revenue,
    compute_paid_revenue,
    create_business,
    reference_run_rates,
)
from chatdata.models.conversations import (
    CONVERSATION_TYPES,
    Mix,
    compute_deliveries,
    create_mix,
)
from chatdata.models.facts import fact, fact_value, select_facts
from chatdata.models.platforms import normalise_shares, split_by_shares, split_from_estimates
from chatdata.models.scale import (
    BYTES_PER_KB,
    BYTES_PER_TB,
    REFERENCE_VOLUME_IDS,
    SECONDS_PER_DAY,
    Scale,
    compute_rates,
    create_scale,
    reference_volumes,
)
from chatdata.models.uncertainty import (
    Estimate,
    as_estimate,
    estimates_to_frame,
    monte_carlo,
    propagate,
)
from chatdata.models.validation import PLATFORMS
from chatdata.models.verdicts import VERDICTS, judge_claim, judge_claims, newest_id

__all__ = [
    "BYTES_PER_KB",
    "BYTES_PER_TB",
    "CONVERSATION_TYPES",
    "DAYS_PER_YEAR",
    "PLATFORMS",
    "REFERENCE_RUN_RATE_IDS",
    "REFERENCE_VOLUME_IDS",
    "SECONDS_PER_DAY",
    "VERDICTS",
    "Business",
    "Estimate",
    "Mix",
    "Scale",
    "as_estimate",
    "chatbot_reach",
    "compute_agent_hours",
    "compute_agents_on_shift",
    "compute_deliveries",
    "compute_message_revenue",
    "compute_paid_revenue",
    "compute_rates",
    "create_business",
    "create_mix",
    "create_scale",
    "estimates_to_frame",
    "fact",
    "fact_value",
    "judge_claim",
    "judge_claims",
    "monte_carlo",
    "newest_id",
    "normalise_shares",
    "propagate",
    "reference_run_rates",
    "reference_volumes",
    "select_facts",
    "spam_outcomes",
    "spam_outcomes_from_rates",
    "split_by_shares",
    "split_from_estimates",
    "translation_reach",
]
