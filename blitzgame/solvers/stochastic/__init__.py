"""Stochastic (Markov) games: Markov perfect equilibria and Shapley's value iteration.

Each function has one home, its module; the public names are ``blitzgame.<name>``.
"""
