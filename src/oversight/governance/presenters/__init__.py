"""Presenters decide what each governance page shows, so templates stay thin."""
