import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough password 2026"


def post_login(client, password):
    return client.post(
        reverse("admin:login"), {"username": "alice", "password": password, "next": "/ar/admin/"}
    )


def test_the_admin_accepts_the_right_password_before_any_failure(client):
    UserFactory(username="alice", password=PASSWORD)
    response = post_login(client, PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_after_the_failure_limit_the_right_password_is_refused(client):
    UserFactory(username="alice", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "wrong password")
    response = post_login(client, PASSWORD)
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_a_created_users_password_is_hashed_with_argon2(db):
    user = UserFactory(username="alice", password=PASSWORD)
    assert user.password.startswith("argon2")
    assert user.check_password(PASSWORD)
