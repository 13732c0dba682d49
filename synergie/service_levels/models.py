"""Incidents read from the service desk's exports, and the service levels they add up to."""
