"""Portfolio optimisation without Django: instances, the MILP model, the greedy baseline."""
