"""The pilot (issue 11): offerings of published micro-credentials, their cohorts, and results
imported from files (CSV, XLSX, Moodle's grade export) or from a student-information system
through the JSON API (ADR 1001). Bulk issuing is ``microcred_web.bulk``; this app ends at
:func:`microcred_web.pilot.selectors.eligible_for_credential`."""
