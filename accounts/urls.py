from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("profile/", views.profile_edit, name="profile"),
    path("profile/confirm/", views.confirm_profile, name="confirm_profile"),
    path("steps/<int:pk>/", views.next_step_update, name="next_step"),
    path("milestones/", views.milestone_add, name="milestone"),
    path("suggest/", views.suggest, name="suggest"),
]
