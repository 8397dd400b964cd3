from oversight.testing.access import PUBLIC, SIGNED_IN, Page

PAGES = {
    "accounts:sign-in": Page(PUBLIC),
    "accounts:sign-out": Page(SIGNED_IN),
    "accounts:me": Page(SIGNED_IN),
}
