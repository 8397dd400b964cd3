"""Choices for a run of the method, kept apart from the pandas code so the CLI can offer them cheaply."""

from __future__ import annotations

AVERAGE_SOURCES = ("computed", "published")  # segment from our average, or the input's published one
PUBLISHED_SCORE_CHOICES = ("none", "cross_type", "all")  # which published metric scores replace ours
