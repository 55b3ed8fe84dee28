"""The tidtam models; importing this package registers every table on Base.metadata."""

from storage.models.base import NAMING_CONVENTION, Base
from storage.models.indicators import Indicator, IndicatorQuarterReport, indicator_natural_key
from storage.models.ops import AuditLog, DraftMark, ProcessedEvent
from storage.models.org import Agency, Project, Unit, agency_code_of, check_agency_code
from storage.models.photos import ReportPhoto
from storage.models.reminders import (
    AgencyDueDay,
    ChannelState,
    Delivery,
    DeliveryRequest,
    NudgeRequest,
    ReminderState,
    WorkingDayOverride,
)
from storage.models.reports import ProgressReport
from storage.models.users import Assignment, InviteCode, LineUser

__all__ = [
    "NAMING_CONVENTION",
    "Agency",
    "AgencyDueDay",
    "Assignment",
    "AuditLog",
    "Base",
    "ChannelState",
    "Delivery",
    "DeliveryRequest",
    "DraftMark",
    "Indicator",
    "IndicatorQuarterReport",
    "InviteCode",
    "LineUser",
    "NudgeRequest",
    "ProcessedEvent",
    "ProgressReport",
    "Project",
    "ReminderState",
    "ReportPhoto",
    "Unit",
    "WorkingDayOverride",
    "agency_code_of",
    "check_agency_code",
    "indicator_natural_key",
]
