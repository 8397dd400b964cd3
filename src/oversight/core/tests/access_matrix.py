from oversight.testing.access import PUBLIC, SIGNED_IN, Page

PAGES = {
    "core:home": Page(SIGNED_IN),
    "core:about": Page(PUBLIC),
    "core:accessibility": Page(PUBLIC),
    "core:privacy": Page(PUBLIC),
    "core:health": Page(PUBLIC),
    "core:nhsuk-stylesheet": Page(PUBLIC),
}
