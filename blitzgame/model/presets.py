"""Built-in race models: the seed scenario of the essay and a small one for teaching.

Every number is either the essay's or a stated assumption, listed in the
docstring of the function that uses it.

Examples
--------
>>> import blitzgame.model.presets as sc
>>> sc.gpu_race().players
('Meta', 'Microsoft', 'Google', 'xAI', 'Defender')
>>> sc.two_firm_race().actions
(('Blitz', 'Steady'), ('Blitz', 'Niche', 'Moat'))
"""

from __future__ import annotations

from . import (
    Blitz,
    CustomSilicon,
    Firm,
    Market,
    Moat,
    Niche,
    Partner,
    RaceModel,
    Scenario,
    ScenarioMixture,
    Steady,
    WaitForStumble,
)

__all__ = ["gpu_race", "two_firm_race", "seed_market", "Scenario", "ScenarioMixture",
           "ENTRY_TICKET", "FRONTIER_MODEL_COST", "GPU_UNIT_COST"]

#: The essay's "$10B+ entry tickets" ($B): the least capital of a Dominator-stage racer.
ENTRY_TICKET = 10.0
#: The essay's "$100M+ per frontier model" ($B): a Leader-stage (10,000+ GPU) build costs more.
FRONTIER_MODEL_COST = 0.1

#: All-in cost of one H100-class GPU with its share of data centre and power, $ (assumption:
#: ~$25-30k list price per H100 in 2024 trade press, plus facility share).
GPU_UNIT_COST = 30_000.0


def seed_market(**changes: float) -> Market:
    """The seed market (numbers and assumptions in :func:`gpu_race`)."""
    base = dict(prize=300.0, sharpness=2.0, returns_to_scale=1.0, stage_jump=1.5,
                leadership_window=6.0, build_time=4.0, reference_scale=300_000.0,
                network_feedback=0.2, waste=0.4, speed_premium=0.25, hazard_base=0.05,
                hazard_speed=0.25, stumble_keep=0.5, niche_size=0.1, niche_leak=0.3,
                niche_sharpness=0.0, coordination_loss=0.2)
    base.update(changes)
    return Market(**base)


def gpu_race() -> RaceModel:
    """The seed scenario: Meta, Microsoft, Google, xAI and a death-zone-sized defender.

    Firms (compute in GPUs, capital in $B):

    ============  =========  =======  =========================================================
    firm          compute    capital  postures
    ============  =========  =======  =========================================================
    Meta          200,000    14.8     Blitz to the 600,000-GPU target (speed 0.9), Steady
    Microsoft     300,000    50       Blitz (3x), Partner (platform, distribution via partners)
    Google        250,000    40       Blitz (3x), CustomSilicon (TPUs: 0.6x cost, 1.5x eff.)
    xAI           100,000    10       Blitz (3x, full speed), Steady
    Defender      5,000      2        Blitz (10x), Niche, Moat, Partner, WaitForStumble
    ============  =========  =======  =========================================================

    From the essay: Meta's 600,000-GPU target and $14.8B; Microsoft's $50B+;
    Google's custom silicon; xAI's billions in chips at blitz speed; the defender
    with 1,000-10,000 GPUs (the "death zone"); 6-month leadership windows;
    30-50% idle capacity at blitz speed (waste w = 0.4); scenario
    probabilities 60/25/15; $100M+ per frontier model (the Leader stage); $10B+
    entry tickets (the Dominator stage capital).

    Stated assumptions (not in the essay): installed compute of each firm
    (order of magnitude of public 2024 reports); a GPU costs $30,000 all-in;
    the prize of outright leadership is $300B (present value over the
    horizon); sharpness r = 2 in consolidation, 1 in commoditization, 0.2 in
    disruption; commoditization prize x 0.3; disruption prize x 0.2 (the rest
    goes to the new paradigm); 300,000 GPUs take 4 months at full speed
    (several Colossus-size sites at once: xAI built 100,000 in about 4
    months); capability jumps 1.5x per 10x; network feedback
    0.2; speed premium 0.25; stumble hazard 0.05 + 0.25 s^2 (keeping half the
    compute); niche segment 10% of the prize (30% leaks to blitzers); partners
    lose 20% to coordination; the defender's capital $2B.

    Examples
    --------
    >>> m = gpu_race()
    >>> m.shape
    (2, 2, 2, 2, 5)
    """
    c = GPU_UNIT_COST
    firms = [
        Firm("Meta", 200_000, 14.8, c,
             postures=(Blitz(speed=0.9, target=600_000), Steady(speed=0.5, target=400_000))),
        Firm("Microsoft", 300_000, 50.0, c, execution=1.2,
             postures=(Blitz(scale=3.0), Partner(speed=0.5, scale=2.0))),
        Firm("Google", 250_000, 40.0, c, execution=1.2,
             postures=(Blitz(scale=3.0), CustomSilicon(speed=0.6, scale=4.0))),
        Firm("xAI", 100_000, ENTRY_TICKET, c, execution=0.8,
             postures=(Blitz(scale=3.0), Steady(speed=0.5, scale=1.5))),
        Firm("Defender", 5_000, 2.0, c,
             postures=(Blitz(), Niche(), Moat(), Partner(), WaitForStumble())),
    ]
    return RaceModel(firms, seed_market(), ScenarioMixture.default())


def two_firm_race(**market: float) -> RaceModel:
    """A blitzer (50,000 GPUs, $5B) against a defender (5,000 GPUs, $2B), for teaching.

    The blitzer chooses Blitz or Steady; the defender Blitz, Niche or Moat. One
    scenario; market as :func:`seed_market` with ``prize=20`` unless changed.

    Examples
    --------
    >>> two_firm_race(sharpness=1.0).market.sharpness
    1.0
    """
    m = seed_market(**{"prize": 20.0, **market})
    firms = [Firm("Blitzer", 50_000, 5.0, GPU_UNIT_COST,
                  postures=(Blitz(scale=3.0), Steady(scale=1.5))),
             Firm("Defender", 5_000, 2.0, GPU_UNIT_COST, postures=(Blitz(), Niche(), Moat()))]
    return RaceModel(firms, m)
