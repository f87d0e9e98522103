"""Interventions, their owners and KPIs, and the yearly progress round."""
