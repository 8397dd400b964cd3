"""Test support shared by every app's tests: factories and helpers. Not imported by the app."""
