"""Human names, units and valid ranges of the race model's dotted parameters.

Sweeps, tables and figures address parameters by their dotted names
(``market.sharpness``, ``firms.Defender.compute``; see
:meth:`~blitzgame.model.RaceModel.parameter_names`). This module gives each
one the name and unit a reader needs -- "winner-take-all sharpness r",
"prize V ($B)", "leadership window (months)" -- taken from the docstrings of
:class:`~blitzgame.model.Market`, :class:`~blitzgame.model.Firm`,
:class:`~blitzgame.model.Scenario` and the postures, and the range each
accepts (their ``RULES``). Units are those of the model: money in $B, unit
costs in $ per GPU, compute in GPUs, time in months; shares and probabilities
are fractions in [0, 1]. A name the table does not know (a user model's own
parameter) keeps its raw dotted name and has no known range.

Examples
--------
>>> parameter_label("market.prize"), parameter_label("market.sharpness")
('prize V ($B)', 'winner-take-all sharpness r')
>>> parameter_label("firms.Defender.compute")
"Defender's compute (GPUs)"
>>> parameter_label("my.own"), parameter_range("market.waste"), parameter_range("my.own")
('my.own', (0.0, 1.0), None)
"""

from __future__ import annotations

from .._validate import check_bool, describe
from ..exceptions import InvalidParameterError
from .firm import Firm
from .market import Market
from .postures import _RULES as _POSTURE_RULES
from .scenarios import Scenario

__all__ = ["PARAMETER_LABELS", "parameter_label", "parameter_unit", "parameter_range"]

#: (name, unit) of each parameter by its dotted name; ``{}`` stands for the firm's,
#: scenario's or posture's own name. An empty unit: a dimensionless number.
PARAMETER_LABELS: dict[str, tuple[str, str]] = {
    "market.prize": ("prize V", "$B"),
    "market.sharpness": ("winner-take-all sharpness r", ""),
    "market.returns_to_scale": ("returns to scale α", ""),
    "market.stage_jump": ("capability jump per GPU stage (×10 GPUs)", "factor"),
    "market.leadership_window": ("leadership window", "months"),
    "market.build_time": ("build time T0 of the reference build-out", "months"),
    "market.reference_scale": ("reference build-out K0", "GPUs"),
    "market.network_feedback": ("network feedback η", ""),
    "market.waste": ("idle share at full speed w", "fraction"),
    "market.speed_premium": ("speed premium φ", ""),
    "market.hazard_base": ("stumble probability at zero speed h0", "fraction"),
    "market.hazard_speed": ("stumble hazard of speed h1", ""),
    "market.stumble_keep": ("compute kept after a stumble", "fraction"),
    "market.niche_size": ("niche segment", "fraction of the prize"),
    "market.niche_leak": ("niche share non-niche firms take", "fraction"),
    "market.niche_sharpness": ("sharpness among niche firms", ""),
    "market.coordination_loss": ("partners' coordination loss", "fraction"),
    "firms.{}.compute": ("{}'s compute", "GPUs"),
    "firms.{}.capital": ("{}'s capital", "$B"),
    "firms.{}.unit_cost": ("{}'s cost per GPU", "$"),
    "firms.{}.efficiency": ("{}'s compute efficiency", "multiplier"),
    "firms.{}.execution": ("{}'s execution quality", ""),
    "scenarios.{}.probability": ("probability of the {} scenario", "fraction"),
    "scenarios.{}.prize_multiplier": ("prize multiplier in the {} scenario", "× V"),
    "scenarios.{}.sharpness": ("sharpness r in the {} scenario", ""),
    "postures.{}.speed": ("{} speed s", "fraction of the fastest build-out"),
    "postures.{}.scale": ("{} scale", "× installed compute"),
    "postures.{}.target": ("{} target compute", "GPUs"),
    "postures.{}.fixed_cost": ("{} fixed cost", "fraction of capital"),
    "postures.{}.cost_factor": ("{} cost factor", "× unit cost"),
    "postures.{}.efficiency_gain": ("{} efficiency gain", "× efficiency"),
    "postures.{}.delay": ("{} delay", "months"),
    "postures.{}.floor": ("{} floor", "× installed-base share"),
    "postures.{}.salvage": ("{} salvage", "fraction of rivals' losses"),
}


def _key(name: str) -> tuple[str, str]:
    """The table key of a dotted name and the firm/scenario/posture name it holds."""
    if not isinstance(name, str):
        raise InvalidParameterError(f"name must be a dotted parameter name (str); "
                                    f"got {describe(name)}")
    parts = name.split(".")
    if len(parts) == 3 and parts[0] in ("firms", "scenarios", "postures"):
        return f"{parts[0]}.{{}}.{parts[2]}", parts[1]
    return name, ""


def parameter_unit(name: str) -> str:
    """The unit of a dotted parameter ("" when dimensionless or unknown).

    Examples
    --------
    >>> parameter_unit("market.leadership_window"), parameter_unit("market.sharpness")
    ('months', '')
    """
    key, _ = _key(name)
    return PARAMETER_LABELS.get(key, ("", ""))[1]


def parameter_label(name: str, *, units: bool = True) -> str:
    """A reader's name of a dotted parameter, with its unit in parentheses.

    Parameters
    ----------
    name : str
        A dotted parameter name (``market.sharpness``).
    units : bool
        Append the unit, ``"prize V ($B)"`` (default), or not, ``"prize V"``.

    Returns
    -------
    str
        The label; ``name`` itself for a parameter the table does not know.

    Raises
    ------
    InvalidParameterError
        ``name`` is not a string, or ``units`` not a bool.

    Examples
    --------
    >>> parameter_label("market.leadership_window"), parameter_label("market.prize", units=False)
    ('leadership window (months)', 'prize V')
    >>> parameter_label("postures.Blitz.scale")
    'Blitz scale (× installed compute)'
    """
    key, owner = _key(name)
    units = check_bool("units", units)
    if key not in PARAMETER_LABELS:
        return name
    text, unit = PARAMETER_LABELS[key]
    text = text.format(owner)
    return f"{text} ({unit})" if units and unit else text


def parameter_range(name: str) -> tuple[float, float] | None:
    """The closed hull ``(low, high)`` of the values a dotted parameter accepts, if known.

    From the ``RULES`` the model classes validate with; ``None`` for a name the
    model does not define. Plots keep their axes inside this range.

    Examples
    --------
    >>> parameter_range("market.sharpness"), parameter_range("postures.Blitz.speed")
    ((0.0, inf), (0.0, 1.0))
    """
    key, _ = _key(name)
    field = key.rpartition(".")[2]
    if key.startswith("market."):
        rules = Market.RULES.get(field)
        return (rules[0], rules[1]) if rules else None
    table: dict[str, tuple[float, float, bool, bool]] = {
        "firms": Firm.RULES, "scenarios": Scenario.RULES, "postures": _POSTURE_RULES,
    }.get(key.partition(".")[0], {})
    if key.count(".") != 2 or field not in table:
        return None
    lo, hi = table[field][:2]
    return (float(lo), float(hi))
