"""Repeated games: what can be sustained, from which discount factor, and how.

* :mod:`.payoff_sets` -- minmax values, feasible and individually rational payoffs;
* :mod:`.critical` -- critical discount factors of a path profile (grim trigger,
  stick and carrot);
* :mod:`.spe` -- subgame-perfect payoff sets (Abreu-Pearce-Stacchetti, outer approximation);
* :mod:`.backward_induction` -- finitely repeated games;
* :mod:`.automata` -- strategies as automata, simulation and one-shot-deviation checks;
* ``_stage`` -- the stage-game equilibria the others revert to.

Each function has one home, its module; the public names are ``blitzgame.<name>``.
"""
