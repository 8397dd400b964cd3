"""What the accounts pages show."""

from .tokens import TokenRow, token_rows

__all__ = ["TokenRow", "token_rows"]
