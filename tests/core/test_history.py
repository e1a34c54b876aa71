"""Every history (inquiries, moderation) is append-only through the one base in core."""

from __future__ import annotations

import pytest

from quartier.core.history import AppendOnlyModel, HistoryIsAppendOnly
from quartier.inquiries.models import InquiryEvent
from quartier.participation.models import ModerationEntry


@pytest.mark.parametrize("model", [InquiryEvent, ModerationEntry])
def test_every_history_model_uses_the_one_base(model):
    assert issubclass(model, AppendOnlyModel)
    with pytest.raises(HistoryIsAppendOnly):
        model.objects.all().update(created_at=None)
    with pytest.raises(HistoryIsAppendOnly):
        model.objects.all().delete()


@pytest.mark.django_db
def test_an_entry_is_written_once_and_only_redacted():
    entry = ModerationEntry.objects.create(action=ModerationEntry.Action.HIDE, reason="Beleidigung")
    entry.reason = "anders"
    with pytest.raises(HistoryIsAppendOnly):
        entry.save()
    with pytest.raises(HistoryIsAppendOnly):
        entry.delete()
    assert ModerationEntry.objects.filter(pk=entry.pk).redact(reason="") == 1
    assert ModerationEntry.objects.get(pk=entry.pk).reason == ""
