"""Django's admin app with our policy-guarded site (``core.admin_site``) as ``admin.site``.

It lives in its own module because ``core.apps`` may declare only one default AppConfig."""

from django.contrib.admin.apps import AdminConfig


class MicrocredAdminConfig(AdminConfig):
    default_site = "microcred_web.core.admin_site.MicrocredAdminSite"
