from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("", views.my_spaces, name="mine"),
    path("email/", views.preferences, name="preferences"),
    path("email/digest-off/<str:token>/", views.digest_off, name="digest_off"),
    path("guest/<str:token>/", views.guest_page, name="guest"),
    path("<int:cohort_id>/", views.space, name="space"),
    path("<int:cohort_id>/members/", views.member_list, name="members"),
    path("<int:cohort_id>/members/my-card/", views.my_card, name="my_card"),
    path(
        "<int:cohort_id>/sessions/<int:session_id>/",
        views.session_page,
        name="session",
    ),
    path(
        "<int:cohort_id>/sessions/<int:session_id>/plan/",
        views.session_plan,
        name="session_plan",
    ),
    path(
        "<int:cohort_id>/sessions/<int:session_id>/guests/",
        views.session_guests,
        name="session_guests",
    ),
    path(
        "<int:cohort_id>/guests/<int:invitation_id>/withdraw/",
        views.guest_withdraw,
        name="guest_withdraw",
    ),
    path("<int:cohort_id>/resources/", views.resource_list, name="resources"),
    path(
        "<int:cohort_id>/resources/<int:resource_id>/download/",
        views.resource_download,
        name="resource_download",
    ),
    path(
        "<int:cohort_id>/resources/<int:resource_id>/hide/",
        views.resource_hide,
        name="resource_hide",
    ),
    path("<int:cohort_id>/discussion/", views.thread_list, name="threads"),
    path("<int:cohort_id>/discussion/new/", views.thread_new, name="thread_new"),
    path(
        "<int:cohort_id>/discussion/<int:thread_id>/",
        views.thread_detail,
        name="thread",
    ),
    path(
        "<int:cohort_id>/discussion/<int:thread_id>/moderate/",
        views.thread_moderate,
        name="thread_moderate",
    ),
    path(
        "<int:cohort_id>/posts/<int:post_id>/edit/", views.post_edit, name="post_edit"
    ),
    path(
        "<int:cohort_id>/posts/<int:post_id>/hide/", views.post_hide, name="post_hide"
    ),
    path("<int:cohort_id>/topics/", views.topic_list, name="topics"),
    path(
        "<int:cohort_id>/topics/<int:topic_id>/vote/",
        views.topic_vote,
        name="topic_vote",
    ),
    path(
        "<int:cohort_id>/topics/<int:topic_id>/assign/",
        views.topic_assign,
        name="topic_assign",
    ),
    path("<int:cohort_id>/learning/", views.learning_list, name="learning"),
    path(
        "<int:cohort_id>/learning/<int:item_id>/",
        views.learning_item,
        name="learning_item",
    ),
    path(
        "<int:cohort_id>/learning/<int:item_id>/edit/",
        views.learning_edit,
        name="learning_edit",
    ),
]
