"""Pure matching computation: text in, vectors and scores out. No Django, no ORM here; the
`synergie.matching` app feeds it from the database (see synergie/matching/adapters.py)."""
