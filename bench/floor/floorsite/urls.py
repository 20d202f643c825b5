from django.urls import path
from rows import views

urlpatterns = [path("list/", views.row_list)]
