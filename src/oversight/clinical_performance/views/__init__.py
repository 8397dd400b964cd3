from .landing import index

__all__ = ["index"]
