"""Tests for oversight.nhs_number."""
