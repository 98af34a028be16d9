from django.urls import path

from bops.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in", views.sign_in, name="sign-in"),
    path("sign-out", views.sign_out, name="sign-out"),
    path("admin/users", views.users, name="users"),
    path("admin/users/invite", views.invite, name="invite"),
    path("admin/users/<int:user_id>/active", views.set_active, name="set-active"),
    path("account/set-password/<str:uidb64>/<str:token>", views.set_password, name="set-password"),
]
