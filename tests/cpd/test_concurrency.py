"""Two workers issuing at the same moment still give one certificate."""

import threading

import pytest
from django.db import connection

from cpd.certificates import issue_certificate
from cpd.models import Certificate
from tests.cpd.conftest import attend

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_issue_gives_one_certificate(place, sessions, monkeypatch):
    import cpd.certificates

    monkeypatch.setattr(cpd.certificates, "_after_commit_render", lambda c: None)
    attend(place, sessions[:3])
    barrier = threading.Barrier(4)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(issue_certificate(place=place)[1])
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Certificate.objects.filter(place=place).count() == 1
    assert sorted(results) == [False, False, False, True]
