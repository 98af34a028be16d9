from django.urls import path

from bops.notifications import views

app_name = "notifications"
urlpatterns = [path("admin/outbox", views.outbox, name="outbox")]
