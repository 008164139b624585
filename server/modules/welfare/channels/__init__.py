"""Payment channels behind one interface (`base.PaymentChannel`).

`channel_for(settings, tenant)`: the channel `tenant` pays through: the payment channel's
HTTP API when `SAISHANG_PAYMENT_CHANNEL_URL` is set, otherwise the bank batch-file channel,
whose outbox is in the tenant's schema (shared by every worker).
"""

from __future__ import annotations

from server.modules.welfare.channels.base import (
    Outcome,
    PaymentChannel,
    PaymentOrder,
    PaymentResult,
    StatementLine,
)
from server.settings import Settings

__all__ = ["Outcome", "PaymentChannel", "PaymentOrder", "PaymentResult", "StatementLine", "channel_for"]


def channel_for(settings: Settings, tenant: str) -> PaymentChannel:
    if settings.payment_channel_url:
        from server.modules.welfare.channels.http import HttpChannel

        return HttpChannel(settings.payment_channel_url, timeout=settings.payment_timeout)
    from server.modules.welfare.channels.bank_file import BankFileChannel

    return BankFileChannel(tenant)
