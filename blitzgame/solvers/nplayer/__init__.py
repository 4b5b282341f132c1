"""Methods for games with any number of players.

* :mod:`.logit_qre` -- one equilibrium by following the logit quantal-response path;
* :mod:`.correlated` -- correlated equilibria by linear programming;
* :mod:`.dynamics` -- fictitious play and replicator dynamics (trajectories).

Each function has one home, its module; the public names are ``blitzgame.<name>``.
"""
