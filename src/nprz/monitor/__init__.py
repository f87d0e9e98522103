"""The monitor app: the store of areas, indicators, observations, plans and targets."""
