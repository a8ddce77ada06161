from django.urls import path

from . import views

app_name = "minerals"

urlpatterns = [
    path("minerals/", views.mineral_list, name="mineral-list"),
    path("minerals/<slug:slug>/", views.mineral_detail, name="mineral-detail"),
    path("regions/", views.region_list, name="region-list"),
    path("regions/<slug:slug>/", views.region_detail, name="region-detail"),
]
