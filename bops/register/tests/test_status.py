"""Where a case stands in the public's words, for every back-office status (table-driven)."""

from datetime import date, datetime, timedelta

import pytest

from bops.register.status import (
    AppealState,
    DecisionLabel,
    Label,
    OdpStatus,
    Stage,
    consultation_is_open,
    decision_label,
    odp_decision,
    public_state,
)

TODAY = date(2026, 12, 3)
VALID = date(2026, 11, 1)


def state(status, *, valid_from=VALID, withdrawn_at=None, start=None, end=None, appeal=None):
    return public_state(
        status=status,
        valid_from=valid_from,
        withdrawn_at=withdrawn_at,
        consultation_start=start,
        consultation_end=end,
        appeal=appeal,
        today=TODAY,
    )


@pytest.mark.parametrize(
    ("status", "kwargs", "expected"),
    [
        ("not_started", {"valid_from": None}, (Stage.SUBMISSION, OdpStatus.UNDETERMINED, Label.SUBMITTED)),
        ("invalidated", {"valid_from": None}, (Stage.VALIDATION, OdpStatus.UNDETERMINED, Label.SUBMITTED)),
        ("returned", {"valid_from": None}, (Stage.VALIDATION, OdpStatus.RETURNED, Label.RETURNED)),
        (
            "in_assessment",
            {"start": TODAY - timedelta(days=3), "end": TODAY + timedelta(days=18)},
            (Stage.CONSULTATION, OdpStatus.UNDETERMINED, Label.CONSULTATION),
        ),
        (
            "in_assessment",
            {"start": TODAY, "end": TODAY},
            (Stage.CONSULTATION, OdpStatus.UNDETERMINED, Label.CONSULTATION),
        ),
        (
            "in_assessment",
            {"start": TODAY - timedelta(days=30), "end": TODAY - timedelta(days=1)},
            (Stage.ASSESSMENT, OdpStatus.UNDETERMINED, Label.ASSESSMENT),
        ),
        ("in_assessment", {}, (Stage.ASSESSMENT, OdpStatus.UNDETERMINED, Label.ASSESSMENT)),
        (
            "awaiting_determination",
            {"start": TODAY - timedelta(days=1), "end": TODAY + timedelta(days=1)},
            (Stage.CONSULTATION, OdpStatus.UNDETERMINED, Label.CONSULTATION),
        ),
        ("in_committee", {}, (Stage.ASSESSMENT, OdpStatus.UNDETERMINED, Label.ASSESSMENT)),
        ("to_be_reviewed", {}, (Stage.ASSESSMENT, OdpStatus.UNDETERMINED, Label.ASSESSMENT)),
        ("determined", {}, (Stage.ASSESSMENT, OdpStatus.DETERMINED, Label.DETERMINED)),
        (
            "determined",
            {"appeal": AppealState(lodged_on=TODAY)},
            (Stage.APPEAL, OdpStatus.DETERMINED, Label.APPEAL_LODGED),
        ),
        (
            "determined",
            {"appeal": AppealState(lodged_on=TODAY, validated_on=TODAY)},
            (Stage.APPEAL, OdpStatus.DETERMINED, Label.APPEAL_VALIDATED),
        ),
        (
            "determined",
            {"appeal": AppealState(lodged_on=TODAY, validated_on=TODAY, started_on=TODAY)},
            (Stage.APPEAL, OdpStatus.DETERMINED, Label.APPEAL_IN_PROGRESS),
        ),
        (
            "determined",
            {"appeal": AppealState(lodged_on=TODAY, determined_on=TODAY, decision="dismissed")},
            (Stage.APPEAL, OdpStatus.DETERMINED, Label.APPEAL_DECIDED),
        ),
        (
            "withdrawn",
            {"withdrawn_at": datetime(2026, 11, 20)},
            (Stage.ASSESSMENT, OdpStatus.WITHDRAWN, Label.WITHDRAWN),
        ),
        ("withdrawn", {"valid_from": None}, (Stage.VALIDATION, OdpStatus.WITHDRAWN, Label.WITHDRAWN)),
        ("closed", {}, (Stage.ASSESSMENT, OdpStatus.WITHDRAWN, Label.WITHDRAWN)),
    ],
)
def test_public_state(status, kwargs, expected):
    result = state(status, **kwargs)
    assert (result.stage, result.status, result.label) == expected
    assert result.explanation


def test_the_consultation_is_open_on_its_first_and_last_day_only():
    start, end = date(2026, 12, 1), date(2026, 12, 21)
    assert not consultation_is_open(start, end, today=date(2026, 11, 30))
    assert consultation_is_open(start, end, today=start)
    assert consultation_is_open(start, end, today=end)
    assert not consultation_is_open(start, end, today=date(2026, 12, 22))
    assert not consultation_is_open(None, end, today=end)


@pytest.mark.parametrize(
    ("decision", "prior_approval", "label", "odp"),
    [
        ("granted", False, DecisionLabel.GRANTED, ("granted", None)),
        ("refused", False, DecisionLabel.REFUSED, ("refused", True)),
        ("not_required", True, DecisionLabel.PRIOR_APPROVAL_NOT_REQUIRED, ("granted", False)),
        ("approved", True, DecisionLabel.PRIOR_APPROVAL_APPROVED, ("granted", True)),
        ("refused", True, DecisionLabel.PRIOR_APPROVAL_REFUSED, ("refused", True)),
        ("", False, None, ("granted", None)),
    ],
)
def test_decisions_in_the_registers_and_odps_words(decision, prior_approval, label, odp):
    assert decision_label(decision, prior_approval=prior_approval) == label
    if decision:
        assert odp_decision(decision) == odp
