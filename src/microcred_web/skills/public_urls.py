from django.urls import path

from microcred_web.skills import analytics

app_name = "labour_market"

urlpatterns = [
    path("demand-supply/", analytics.demand_supply_page, name="demand_supply"),
]
