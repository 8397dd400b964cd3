"""Professional standards pages, one module per area; urls.py imports each module."""
