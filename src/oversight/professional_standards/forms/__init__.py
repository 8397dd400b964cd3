"""Professional standards forms (NHSUKForm), one module per area."""
