"""The rotation module's part of the workers' bot: no commands, only a notice. A vice chair whose
chat is linked is reminded two weeks before their slot ends that a themed series is still due
(the reminder the cron job records; the bot channel sends each once)."""

from __future__ import annotations

from server.modules.contract import Notice
from server.modules.rotation.service import reminder_notices


async def notices(member_ids: list[int]) -> list[Notice]:
    return await reminder_notices(member_ids)
