from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from qarargah.meetings import document_views
from qarargah.web import operations
from qarargah.web import views as web_views

admin.site.site_header = "مدیریت سامانه قرارگاه"
admin.site.site_title = "سامانه قرارگاه"
admin.site.index_title = "نگهداری اطلاعات پایه"

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", operations.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("registry/", include("qarargah.organisations.urls")),
    path("meetings/", include("qarargah.meetings.urls")),
    path("resolutions/", include("qarargah.resolutions.urls")),
    path("notifications/", include("qarargah.notifications.urls")),
    path("neighbourhoods/", include("qarargah.neighbourhoods.urls")),
    path("target-groups/", include("qarargah.registries.urls")),
    path("api/", include("qarargah.api.urls")),
    # Public, without login: what a printed or forwarded minutes' code says (decision 0024).
    path("verify/<str:code>/", document_views.verify_document, name="verify"),
    path("admin/", admin.site.urls),
]

handler403 = operations.permission_denied
