from .landing import landing_cards

__all__ = ["landing_cards"]
