"""Django's own interface strings that people meet on public pages and at sign-in.

Django ships Vietnamese but no Lao catalogue. Listing the msgids here puts them into our
catalogues (makemessages only reads our sources), where the Lao translation is kept; our
catalogue is searched before Django's, so the Vietnamese entries override Django's with ours.
Nothing imports this module at run time.
"""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = (
    # django.contrib.auth: the sign-in form
    gettext_noop("username"),
    gettext_noop("Password"),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
    ),
    gettext_noop("This account is inactive."),
    # django.forms: validation messages of the register's filters and of every form
    gettext_noop("This field is required."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a valid value."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
)
