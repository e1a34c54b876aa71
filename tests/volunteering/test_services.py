from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from quartier.volunteering.models import CallHistory, HelperCall, Requirement, Shift, SignUp, SignUpStatus
from quartier.volunteering.services import (
    ShiftPattern,
    SignUpError,
    approve_sign_up,
    cancel_sign_up,
    change_shift,
    confirm_email,
    copy_call,
    create_call,
    remove_sign_up,
    sign_up,
)
from tests import factories

pytestmark = pytest.mark.django_db


def _shifts(call):
    return list(call.shifts.order_by("start"))


def test_a_resident_takes_two_shifts_in_one_step_and_gets_one_mail(
    district_a, resident, django_capture_on_commit_callbacks
):
    call = factories.make_helper_call(district_a, shifts=3)
    first, _second, third = _shifts(call)
    with django_capture_on_commit_callbacks(execute=True):
        result = sign_up(shifts=[first, third], name="Rita", email="Resident@Example.org", user=resident)
    assert [entry.status for entry in result.sign_ups] == [SignUpStatus.CONFIRMED] * 2
    assert [s.places_taken for s in _shifts(call)] == [1, 0, 1]
    assert CallHistory.objects.filter(call=call, kind=CallHistory.Kind.SIGNED_UP).count() == 2
    assert len(mail.outbox) == 1
    assert result.sign_ups[0].get_absolute_url() in mail.outbox[0].body
    assert mail.outbox[0].body.count("Marktplatz") == 2


def test_a_full_shift_cannot_be_taken_and_nothing_is_half_saved(district_a):
    call = factories.make_helper_call(district_a, shifts=2, people_needed=1)
    first, second = _shifts(call)
    sign_up(shifts=[second], name="A", email="a@example.org")
    with pytest.raises(SignUpError, match="voll besetzt"):
        sign_up(shifts=[first, second], name="B", email="b@example.org")
    assert not SignUp.objects.filter(email="b@example.org").exists()
    assert [s.places_taken for s in _shifts(call)] == [0, 1]


def test_overlapping_shifts_are_refused_with_a_clear_message(district_a):
    start = (timezone.localtime() + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    market = factories.make_helper_call(district_a, start=start)
    cafe = factories.make_helper_call(district_a, start=start + timedelta(hours=1))
    sign_up(shifts=_shifts(market), name="A", email="a@example.org")
    with pytest.raises(SignUpError, match="überschneidet sich"):
        sign_up(shifts=_shifts(cafe), name="A", email="a@example.org")
    # Someone else may take it.
    sign_up(shifts=_shifts(cafe), name="B", email="b@example.org")


def test_a_shift_with_a_minimum_age_needs_the_age_and_refuses_anyone_younger(district_a, staff_a):
    call = factories.make_helper_call(district_a, shifts=2)
    first, second = _shifts(call)
    Shift.objects.filter(pk=second.pk).update(min_age=16)
    with pytest.raises(SignUpError, match="Bitte geben Sie Ihr Alter an"):
        sign_up(shifts=[first, second], name="A", email="a@example.org")
    with pytest.raises(SignUpError, match="mindestens 16 Jahre alt"):
        sign_up(shifts=[first, second], name="A", email="a@example.org", age=15)
    with pytest.raises(SignUpError, match="mindestens 16 Jahre alt"):
        sign_up(shifts=[second], name="B", email="b@example.org", age=14, registered_by=staff_a)
    assert not SignUp.objects.exists()
    assert [s.places_taken for s in _shifts(call)] == [0, 0]
    # A shift without a minimum age needs no age; at the minimum age one may take it.
    sign_up(shifts=[first], name="C", email="c@example.org")
    result = sign_up(shifts=[second], name="A", email="a@example.org", age=16)
    assert [entry.status for entry in result.sign_ups] == [SignUpStatus.CONFIRMED]


def test_back_to_back_shifts_get_a_note(district_a):
    call = factories.make_helper_call(district_a, shifts=2)
    result = sign_up(shifts=_shifts(call), name="A", email="a@example.org")
    assert len(result.sign_ups) == 2
    assert any("direkt hintereinander" in note for note in result.notes)


def test_one_account_never_holds_the_same_shift_twice(district_a, resident):
    call = factories.make_helper_call(district_a)
    sign_up(shifts=_shifts(call), name="Rita", email=resident.email, user=resident)
    with pytest.raises(SignUpError, match="schon eingetragen"):
        sign_up(shifts=_shifts(call), name="Rita", email=resident.email, user=resident)
    assert _shifts(call)[0].places_taken == 1


def test_the_database_refuses_a_second_active_sign_up_of_one_address(district_a):
    call = factories.make_helper_call(district_a)
    shift = _shifts(call)[0]
    SignUp.objects.create(shift=shift, name="A", email="a@example.org", status=SignUpStatus.CONFIRMED)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignUp.objects.create(shift=shift, name="A", email="a@example.org", status=SignUpStatus.PENDING)


def test_a_visitor_repeating_an_address_learns_nothing_new_and_the_owner_gets_the_link(
    district_a, django_capture_on_commit_callbacks
):
    call = factories.make_helper_call(district_a)
    first = sign_up(shifts=_shifts(call), name="A", email="a@example.org").sign_ups[0]
    with django_capture_on_commit_callbacks(execute=True):
        again = sign_up(shifts=_shifts(call), name="Someone", email="a@example.org", email_confirmed=False)
    assert again.sign_ups == [first]
    assert mail.outbox[-1].to == ["a@example.org"]
    assert _shifts(call)[0].places_taken == 1


def test_a_visitor_holds_a_place_only_after_confirming(district_a, django_capture_on_commit_callbacks):
    call = factories.make_helper_call(district_a, shifts=2, people_needed=1)
    first, second = _shifts(call)
    with django_capture_on_commit_callbacks(execute=True):
        entry = sign_up(shifts=[first, second], name="V", email="v@example.org", email_confirmed=False).sign_ups[0]
    assert entry.status == SignUpStatus.UNCONFIRMED
    assert "bestätigen" in mail.outbox[0].body
    assert first.places_taken == 0
    sign_up(shifts=[second], name="Quick", email="q@example.org")  # the second fills up meanwhile
    confirmed, dropped = confirm_email(sign_up=entry)
    assert [e.shift_id for e in confirmed] == [first.pk]
    assert dropped == 1
    assert [s.places_taken for s in _shifts(call)] == [1, 1]
    assert SignUp.objects.get(shift=second, email="v@example.org").status == SignUpStatus.CANCELLED


def test_a_shift_needing_a_check_gives_a_pending_sign_up_saying_what_to_bring(district_a, staff_a, staff_b):
    certificate = Requirement.objects.create(
        name="Erweitertes Führungszeugnis",
        slug="fuehrungszeugnis",
        what_to_bring="das erweiterte Führungszeugnis (nicht älter als drei Monate)",
        needs_check=True,
    )
    call = factories.make_helper_call(district_a)
    shift = _shifts(call)[0]
    shift.requirements.add(certificate)
    result = sign_up(shifts=[shift], name="A", email="a@example.org")
    entry = result.sign_ups[0]
    assert entry.status == SignUpStatus.PENDING
    assert any("nicht älter als drei Monate" in note for note in result.notes)
    shift.refresh_from_db()
    assert shift.places_taken == 1  # the place is held meanwhile
    with pytest.raises(PermissionDenied):
        approve_sign_up(sign_up=entry, by=staff_b)
    approve_sign_up(sign_up=entry, by=staff_a)
    entry.refresh_from_db()
    assert entry.status == SignUpStatus.CONFIRMED


def test_cancelling_frees_the_place_until_the_deadline_then_says_whom_to_call(district_a):
    call = factories.make_helper_call(district_a, contact_phone="02734 123")
    entry = sign_up(shifts=_shifts(call), name="A", email="a@example.org").sign_ups[0]
    cancel_sign_up(sign_up=entry)
    assert _shifts(call)[0].places_taken == 0
    assert SignUp.objects.get(pk=entry.pk).status == SignUpStatus.CANCELLED

    soon = factories.make_helper_call(district_a, start=timezone.now() + timedelta(hours=5), cancel_hours=24)
    late = sign_up(shifts=_shifts(soon), name="A", email="a@example.org").sign_ups[0]
    with pytest.raises(SignUpError, match="Frau Kontakt"):
        cancel_sign_up(sign_up=late)
    assert _shifts(soon)[0].places_taken == 1


def test_a_sign_up_after_the_start_is_refused(district_a):
    call = factories.make_helper_call(district_a, start=timezone.now() - timedelta(minutes=5))
    with pytest.raises(SignUpError, match="schon begonnen"):
        sign_up(shifts=_shifts(call), name="A", email="a@example.org")


def test_staff_sign_up_and_remove_only_in_their_districts(district_a, staff_a, staff_b):
    call = factories.make_helper_call(district_a, start=timezone.now() + timedelta(hours=2))
    with pytest.raises(PermissionDenied):
        sign_up(shifts=_shifts(call), name="A", email="a@example.org", registered_by=staff_b)
    entry = sign_up(shifts=_shifts(call), name="A", email="a@example.org", registered_by=staff_a).sign_ups[0]
    assert entry.registered_by == staff_a
    with pytest.raises(PermissionDenied):
        remove_sign_up(sign_up=entry, by=staff_b)
    remove_sign_up(sign_up=entry, by=staff_a)  # after the volunteers' deadline too
    assert SignUp.objects.get(pk=entry.pk).status == SignUpStatus.REMOVED
    assert _shifts(call)[0].places_taken == 0


def test_fewer_people_needed_than_signed_up_is_refused(district_a, staff_a):
    call = factories.make_helper_call(district_a, people_needed=3)
    shift = _shifts(call)[0]
    sign_up(shifts=[shift], name="A", email="a@example.org")
    sign_up(shifts=[shift], name="B", email="b@example.org")
    with pytest.raises(ValidationError, match="schon 2 Personen"):
        change_shift(
            shift=shift, start=shift.start, end=shift.end, place="X", people_needed=1, min_age=None, by=staff_a
        )
    with pytest.raises(ValidationError, match="nach ihrem Beginn"):
        change_shift(
            shift=shift, start=shift.end, end=shift.start, place="X", people_needed=3, min_age=None, by=staff_a
        )
    shift.refresh_from_db()
    assert (shift.place, shift.people_needed) == ("Marktplatz", 3)
    change_shift(shift=shift, start=shift.start, end=shift.end, place="Zelt", people_needed=2, min_age=16, by=staff_a)
    assert (shift.place, shift.people_needed, shift.min_age) == ("Zelt", 2, 16)


def test_the_database_refuses_a_shift_ending_before_it_starts(district_a):
    call = factories.make_helper_call(district_a)
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Shift.objects.create(call=call, start=now, end=now - timedelta(hours=1), place="X")


def test_a_call_with_a_pattern_of_three_shifts_on_two_days(district_a, staff_a, staff_b):
    hygiene = Requirement.objects.create(name="Hygienebelehrung", slug="hygiene")
    pattern = ShiftPattern(
        first_day=date(2031, 4, 5),
        days=2,
        first_start=time(9, 0),
        shifts_per_day=3,
        hours=3,
        people_needed=4,
        place="Kuchenstand",
    )
    with pytest.raises(PermissionDenied):
        create_call(
            call=HelperCall(title="Markt", text="x", district=district_a, contact_name="K"), pattern=pattern, by=staff_b
        )
    assert not HelperCall.objects.exists()
    call = create_call(
        call=HelperCall(title="Markt", text="x", district=district_a, contact_name="K"),
        pattern=pattern,
        requirements=[hygiene],
        by=staff_a,
    )
    shifts = _shifts(call)
    assert len(shifts) == 6
    local = [(timezone.localtime(s.start).day, timezone.localtime(s.start).hour) for s in shifts]
    assert local == [(5, 9), (5, 12), (5, 15), (6, 9), (6, 12), (6, 15)]
    assert all(s.end - s.start == timedelta(hours=3) for s in shifts)
    assert all(list(s.requirements.all()) == [hygiene] for s in shifts)
    assert CallHistory.objects.filter(call=call, kind=CallHistory.Kind.CREATED, actor=staff_a).exists()


def test_copying_last_years_call_moves_its_shifts_a_year_without_sign_ups(district_a, staff_a, staff_b):
    call = factories.make_helper_call(district_a, shifts=2)
    sign_up(shifts=_shifts(call)[:1], name="A", email="a@example.org")
    with pytest.raises(PermissionDenied):
        copy_call(call=call, by=staff_b)
    copy = copy_call(call=call, by=staff_a)
    assert not copy.is_published
    assert [s.start - timedelta(days=364) for s in _shifts(copy)] == [s.start for s in _shifts(call)]
    assert [s.places_taken for s in _shifts(copy)] == [0, 0]
    assert not SignUp.objects.filter(shift__call=copy).exists()


def test_a_proposed_call_is_saved_unpublished_with_its_shifts_and_staff_are_told(district_a, resident):
    from quartier.places.models import StaffNotice
    from quartier.volunteering.services import propose_call

    call = HelperCall(title="Sommerfest", text="Grill", district=district_a, contact_name="P")
    propose_call(call=call, pattern=_proposal_pattern(), proposer=resident)
    call.refresh_from_db()
    assert not call.is_published
    assert call.created_by == resident
    assert call.shifts.count() == 2
    assert StaffNotice.objects.filter(district=district_a, kind="helper_call_proposal").exists()


def test_a_proposed_call_needs_a_district(resident):
    from quartier.volunteering.services import propose_call

    call = HelperCall(title="Sommerfest", text="Grill", district=None, contact_name="P")
    with pytest.raises(ValidationError):
        propose_call(call=call, pattern=_proposal_pattern(), proposer=resident)
    assert not HelperCall.objects.exists()


def _proposal_pattern():
    from quartier.volunteering.services import ShiftPattern

    return ShiftPattern(
        first_day=timezone.localdate() + timedelta(days=5),
        days=1,
        first_start=time(10, 0),
        shifts_per_day=2,
        hours=2,
        people_needed=3,
        place="Festwiese",
    )
