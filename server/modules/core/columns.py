"""The words of core's export columns: the activity log and the holiday calendar (the header
row of each `…/export`, server/platform/exports.py)."""

from __future__ import annotations

from server.modules.contract import column_catalogue

COLUMNS = column_catalogue(
    {
        "action": ("操作代码", "Action code"),
        "subject": ("对象", "Subject"),
        "label": ("操作", "Action"),
        "holidays": ("法定节假日", "Public holidays"),
        "workdays": ("调休上班日", "Make-up workdays"),
        "source": ("来源", "Source"),
        "loaded_by": ("载入人", "Loaded by"),
        "loaded_at": ("载入时间", "Loaded at"),
    }
)
