"""Project wiring: settings, URLs, the API's router list, WSGI/ASGI and the Jinja environment.

Every list here names its modules explicitly; a module that fails to import stops start-up
rather than leaving a feature silently missing (see ``tests/test_front_doors.py``).
"""
