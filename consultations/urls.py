from django.urls import path

import programmes.urls  # noqa: F401  (registers the "period" path converter)

from . import views

app_name = "consultations"

urlpatterns = [
    path("members/<slug:slug>/ideas/", views.idea_list, name="idea_list"),
    path("members/<slug:slug>/ideas/new/", views.idea_new, name="idea_new"),
    path("members/<slug:slug>/events.ics", views.member_events_ical, name="member_events_ical"),
    path(
        "members/<slug:slug>/programmes/<period:period>/projects/<int:number>/observations/",
        views.observation_new,
        name="observation_new",
    ),
    path("ideas/", views.tracking_lookup, name="tracking_lookup"),
    path("ideas/<str:code>/", views.idea_tracking, name="idea_tracking"),
]
