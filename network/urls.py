from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.home, name="home"),
    path("members/", views.member_list, name="member_list"),
    path("members/<slug:slug>/", views.member_detail, name="member_detail"),
]
